"""Subcommands of `python -m dashboard`: one module each, discovered automatically.

A module here defines `NAME` (the subcommand, may contain spaces for a group like "users add"), `HELP`,
`configure(parser)` to add its arguments, and `run(args, config) -> int` (the exit status).

`run` imports the store, the services and the renderers it needs itself: building the parser imports every module
here, and `python -m dashboard --help` should not load pandas, statsmodels and the brief renderers first.
"""
