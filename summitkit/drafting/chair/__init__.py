"""The chair's decisions, each a command that edits a line or two of a record.

`proposals`: table a proposal for a delegation, accept, reject, withdraw (each
decision appended to the proposal's history, never rewritten); `positions`: a
delegation's support for or opposition to a proposal, a record of its own;
`clauses`: agree a clause, mark it ad ref, reopen it, enter or lift a
reservation, choose one alternative wording. `history` and `edits` hold the
text edits they share. Every command refuses with the sources byte-identical
and a diagnostic that says what to do first.
"""
