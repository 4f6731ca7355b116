"""The PostgreSQL full-text backend (``SEARCH_BACKEND=postgres``): search tables in
the portal's database, for several app servers on one database."""
