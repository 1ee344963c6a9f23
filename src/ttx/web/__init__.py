"""`ttx serve`: the consoles in web browsers (aiohttp and textual-serve).

    server.py   the seats, their tokened URLs and the aiohttp application
    console.py  one browser connection's console process: started bounded, always ended
    launch.py   what starts a console: its memory bounded, killed if the server dies
    logs.py     one scrubbed line per error, never a token

Nothing here draws a console: each seat's process is a `ttx` console command
(`ttx cell`, `ttx run --resume`, ...) whose screen textual-serve streams.
"""
