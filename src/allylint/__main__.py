from allylint.cli import main

main()
