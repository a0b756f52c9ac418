from summitkit.cli import run

run()
