"""The document limits (depth, aliases, tokens) as errors a client can branch on.

Each limit refuses a document with GRAPHQL_VALIDATION_FAILED and says which limit it broke, its value and
what the document had (`extensions: {code, limit, maximum, actual}`), instead of a bare message. Depth counts
field nesting through fragments (introspection's own `__schema` tree included, as an attacker would use it);
aliases count every aliased field of the document; tokens are counted by graphql-core's parser, which stops
at the limit instead of reading the rest.

    rules = limit_rules(max_depth=12, max_aliases=30)     # graphql-core validation rules
    document = parse_bounded(text, max_tokens=3000)       # raises DocumentRefused with the same extensions

The API checks the token limit before strawberry sees a document (api/guard.py), and strawberry then parses
it through `SmallDocumentCache`, which remembers only documents of up to CACHED_DOCUMENT_CHARS characters:
clients send the same few small documents over and over, and a stream of distinct large ones must not fill
the memory.
"""
from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from graphql import (
    ASTValidationRule,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSyntaxError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    Source,
    TokenKind,
    ValidationContext,
    parse,
)
from graphql.language.lexer import Lexer
from strawberry.extensions import SchemaExtension

CACHED_DOCUMENT_CHARS = 8192
CACHED_DOCUMENTS = 512
VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
PARSE_FAILED = "GRAPHQL_PARSE_FAILED"


def limit_error(limit: str, maximum: int, actual: int, message: str, nodes: Any = None) -> GraphQLError:
    return GraphQLError(message, nodes, extensions={"code": VALIDATION_FAILED, "limit": limit,
                                                    "maximum": maximum, "actual": actual})


class DocumentRefused(Exception):
    """A document refused before validation (unparsable, or over the token limit): its GraphQL error."""

    def __init__(self, error: GraphQLError) -> None:
        super().__init__(error.message)
        self.error = error


def parse_bounded(text: str, max_tokens: int) -> DocumentNode:
    """Parse `text` if it has at most `max_tokens` tokens (counted first by the lexer, which stops there)."""
    try:
        lexer = Lexer(Source(text))
        count = 0
        while lexer.advance().kind != TokenKind.EOF:
            count += 1
            if count > max_tokens:
                raise DocumentRefused(limit_error("tokens", max_tokens, count, f"Document contains more than "
                                                  f"{max_tokens} tokens. Parsing aborted."))
        return parse(text)
    except GraphQLSyntaxError as error:
        raise DocumentRefused(GraphQLError(error.message, source=error.source, positions=error.positions,
                                           extensions={"code": PARSE_FAILED})) from None


@lru_cache(maxsize=CACHED_DOCUMENTS)
def _parse_small(text: str) -> DocumentNode:
    return parse(text)


class SmallDocumentCache(SchemaExtension):
    """strawberry's parse step, remembering small documents only (see the module docstring)."""

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        if context.query is not None and len(context.query) <= CACHED_DOCUMENT_CHARS:
            try:
                context.graphql_document = _parse_small(context.query)
            except GraphQLSyntaxError:
                pass  # strawberry parses it again and answers with the syntax error
        yield


def limit_rules(max_depth: int, max_aliases: int) -> list[type[ASTValidationRule]]:
    """Validation rules enforcing the depth and alias limits (classes, as graphql-core wants them)."""

    class DepthLimit(ASTValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            fragments = {f.name.value: f for f in self.context.document.definitions
                         if isinstance(f, FragmentDefinitionNode)}
            depth = _depth(node.selection_set, fragments, set()) - 1  # a root field is at depth 0
            if depth > max_depth:
                name = node.name.value if node.name else "the operation"
                self.report_error(limit_error("depth", max_depth, depth, f"'{name}' exceeds maximum operation "
                                              f"depth of {max_depth} (it is {depth} deep)", node))

    class AliasLimit(ASTValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            self.count = 0

        def enter_field(self, node: FieldNode, *_: Any) -> None:
            if node.alias is not None:
                self.count += 1

        def leave_document(self, node: DocumentNode, *_: Any) -> None:
            if self.count > max_aliases:
                self.report_error(limit_error("aliases", max_aliases, self.count,
                                              f"{self.count} aliases found. Allowed: {max_aliases}"))

    return [DepthLimit, AliasLimit]


def _depth(selections: SelectionSetNode | None, fragments: dict[str, FragmentDefinitionNode],
           visiting: set[str]) -> int:
    if selections is None:
        return 0
    deepest = 0
    for selection in selections.selections:
        if isinstance(selection, FieldNode):
            deepest = max(deepest, 1 + _depth(selection.selection_set, fragments, visiting))
        elif isinstance(selection, InlineFragmentNode):
            deepest = max(deepest, _depth(selection.selection_set, fragments, visiting))
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in fragments and name not in visiting:  # a cycle is NoFragmentCyclesRule's to report
                deepest = max(deepest, _depth(fragments[name].selection_set, fragments, visiting | {name}))
    return deepest
