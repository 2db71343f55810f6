"""The Deyang demo city: a deterministic, plausible city built on Deyang's real divisions (see `city`).

    from loaders.demo import generate, load_demo
    generate(Path("deyang/"))                 # the files a user would keep, one per kind (see docs/model.md)
    report = load_demo(driver)                # generate once (cached) and load through loaders.load_paths

Modules: `city` (generate, cache, load); `build` (runs the stages below, in order, on one `rows.CityRows`:
the plan, the shared state and the row helpers); the stages `areas`, `government`, `party` (with the alliance
and the sent-down cadres), `units` (resident units), `owners` (property companies, owners' committees,
associations), `volunteers` and `services` (facilities, projects, cases); `geo` and `names` (places and
names); `files` (the CSV files); `figures` (the article's figures measured in the graph); `fingerprint`
(a checksum of a loaded graph).
"""
from loaders.demo.city import DEFAULT_SEED, cache_dir, ensure_files, generate, load_demo

__all__ = ["DEFAULT_SEED", "cache_dir", "ensure_files", "generate", "load_demo"]
