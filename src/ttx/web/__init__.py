"""`ttx serve`: the consoles in web browsers (aiohttp and textual-serve).

    server.py   the seats, their tokened URLs and the aiohttp application

Nothing here draws a console: each seat's process is a `ttx` console command
(`ttx cell`, `ttx run --resume`, ...) whose screen textual-serve streams.
"""
