"""Compiled reads: the hot list, record and kanban queries answered by one SQL statement that builds
the response JSON in PostgreSQL, the way PostGraphile does, instead of resolving field by field.

A document is compiled once (parsed, validated with the schema's own rules, its fields checked
against what this package can translate, each root field's declared permission read) and cached.
A request whose document compiled runs in the same kind of transaction as any other (row-level
security scoped to the token's workspace), as an actor whose role the root fields' permissions
allow. Anything this package does not handle — another field, a directive, a mutation, an error of
any kind (bad cursor, unknown custom field, a record that is not there, a role too low) — falls
back to the ordinary executor, which gives the documented answer and errors.

    plan.py        documents: parse, validate, flatten fragments, read permissions
    compiler.py    the caches (plans, statements) and running a statement
    lists.py       the list queries the domains register (filters, sort keys): the same ones
                   their services page through on the executor path
    connection.py  Relay connections: pages, cursors, pageInfo, totalCount
    types.py       the SQL of each object type (Contact, Company, Deal, Pipeline, Stage, ...)
    sql.py         small SQL helpers shared by the above
    viewer.py      `me` alone: the user's own fields, from one row read with the session check

(This module imports nothing: the domains import lists.py while the schema is being assembled.)
"""
