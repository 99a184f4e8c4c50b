from docgen.cli.commands import main

main()
