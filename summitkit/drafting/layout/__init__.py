"""Records laid out the one canonical way `summit fmt` writes them: the layout itself
(`fmt`), the schema's fields as it orders them (`fmt_fields`), a writer in that
layout by construction (`fmt_write`), the check that a file already is in it
(`fmt_known`), libyaml's emitter held to PyYAML's (`yaml_emit`), comments kept
across a rewrite (`yaml_comments`) and clause text one sentence per line
(`sentences`). Every command that writes a record writes it through here.
"""
