"""The command line: ``python main.py COMMAND`` (or ``yjd COMMAND``). ``cli.main`` parses and
dispatches; each command lives in ``cli/commands/`` and imports what it needs when it runs."""
