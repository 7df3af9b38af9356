"""Headless subcommands, one module each, found automatically by radreport.cli.

A module here defines ``register(subparsers)``, which adds its parser(s) and sets
``handler=<function(args) -> int>`` with ``set_defaults``.  Never import Qt here.
"""
