"""Building the demo city's rows: areas, organisations, people and their ties.

`CityBuilder(seed, scale).build()` returns rows per node kind and per
relationship type (dicts keyed by the ontology's column names), ready for
`files.write_all`. It runs the stages in a fixed order on one `CityRows`, so
all randomness comes from one seeded `random.Random` and a seed always gives
the same city: each stage draws after the ones before it, and reads what they
founded (a party organisation needs its compound, a volunteer team its leader).
"""
from __future__ import annotations

from loaders.demo import agreements, areas, government, owners, party, services, units, volunteers
from loaders.demo.rows import CityRows


class CityBuilder(CityRows):
    def build(self) -> tuple[dict[str, list[dict]], dict[str, list[dict]]]:
        areas.add_areas(self)
        government.add_government(self)
        party.add_party(self)
        units.add_resident_units(self)
        owners.add_property_and_owners(self)
        volunteers.add_volunteers(self)
        party.add_alliance(self)  # of committees, resident units and property companies, so after them
        party.add_cadres(self)
        services.add_services(self)  # facilities, planners and projects, cases
        agreements.add_conventions(self)  # last, so the cases' random draws stay as they were
        return self.nodes, self.rels
