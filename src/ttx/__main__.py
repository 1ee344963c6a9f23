from ttx.cli import main

main(prog_name="ttx")
