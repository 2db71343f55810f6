"""The network questions as root fields — each ONE named query of `cypher/`.

| field                    | resolver                                  | query                                  |
| ------------------------ | ----------------------------------------- | -------------------------------------- |
| coBuilders               | api/co_building.py co_builders            | cypher/co_builders.cypher              |
| coBuildingNetwork        | api/co_building.py co_building_network    | cypher/co_building_network.cypher      |
| coverageGaps             | api/coverage.py coverage_gaps             | cypher/coverage_gaps.cypher            |
| crossAppointments        | api/appointments.py cross_appointments    | cypher/cross_appointments.cypher       |
| crossAppointmentChains   | api/appointments.py cross_appointment_chains | cypher/cross_appointment_chains.cypher |
| neighborhood             | api/neighborhood.py neighborhood          | cypher/neighborhood.cypher             |
| search                   | api/search.py search                      | cypher/search.cypher                   |

Each resolver is defined once, with its arguments' descriptions on their
`Annotated` types; this module only names the fields and says what each answers.
Every node in an answer is the full GraphQL object of its kind, so a client
can go on from it (`sharedPeople { posts { … } }`) — batched like any nested
field.
"""
from __future__ import annotations

import strawberry

from api.appointments import cross_appointment_chains, cross_appointments
from api.co_building import WEIGHTING, co_builders, co_building_network
from api.coverage import coverage_gaps
from api.neighborhood import neighborhood
from api.nullable import nullable_fields
from api.search import search


@nullable_fields
@strawberry.type
class NetworkQuery:
    co_builders = strawberry.field(
        resolver=co_builders,
        description="With whom an organisation co-builds (共驻共建): by agreement, by a resident unit seated on "
                    "both committees, by shared people; strongest tie first. " + WEIGHTING)
    co_building_network = strawberry.field(
        resolver=co_building_network,
        description="The co-building network inside an area (organisations BASED_IN or COVERS it or an area below "
                    "it): nodes and weighted edges, shaped to draw. " + WEIGHTING)
    coverage_gaps = strawberry.field(
        resolver=coverage_gaps,
        description="Compounds lacking a party organisation, an owners' committee, property management or a "
                    "facility within a radius; communities without a grand party committee; grids without a "
                    "branch; resident units on no committee — each with the nearest facility and its distance. "
                    "Largest population first.")
    cross_appointments = strawberry.field(
        resolver=cross_appointments,
        description="People holding posts in at least minOrganizations organisations at a date (交叉任职), most "
                    "organisations first, with their posts.")
    cross_appointment_chains = strawberry.field(
        resolver=cross_appointment_chains,
        description="The shortest chains organisation → person → organisation → … from one organisation to "
                    "another, over posts valid at a date.")
    neighborhood = strawberry.field(
        resolver=neighborhood,
        description="A bounded subgraph around a node: the nodes within depth steps (nearest first, at most "
                    "limit) and every relationship between them.")
    search = strawberry.field(
        resolver=search,
        description="Nodes whose Chinese or English name has these words (full-text index name_fulltext, "
                    "CJK-aware), best match first.")
