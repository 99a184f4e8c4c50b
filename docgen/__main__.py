from docgen.cli import main

if __name__ == "__main__":  # not in a workspace's build worker, which imports this module as __mp_main__
    main()
