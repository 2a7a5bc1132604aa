"""The UN depositary's own record: status pages of the UN Treaty Collection turned into seed rows.

`page` reads one saved status page (pure: text in, a `StatusPage` out); `rows` turns it into seed rows and
compares them with a seed file; `cli` is `python -m api.depositary import|refresh`.
"""
