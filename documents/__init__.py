"""The domain of the portal: units, users, Party documents, assignments and plans.

Nothing here imports the web layer; the acting user, the clock and the index directory
are always passed in as arguments.
"""
