"""The demo of ``make run`` (``flask seed-demo``; never in production): Directive 11-CT/TU of
2019 with its chain, accounts, plans and follow-up, and the 2025 reorganisation.

The facts are data files (``portal/demo/data/2019.toml``, ``2025.toml``, read by
``portal.demo.data``); the code here adds what is missing, so seeding twice changes nothing:

- ``seed``: the whole demo, in order (units, accounts, documents, assignments, plans, then
  the follow-up and the reorganisation);
- ``rows``: units, accounts and documents of a data file;
- ``followup``: key figures, an urging, an inspection and review events of 11-CT/TU;
- ``reorganisation``: the 2025 events, once the portal's date has reached each.
"""
