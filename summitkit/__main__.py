from summitkit.cli import main

main()
