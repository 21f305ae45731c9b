"""The yardstick: a bare Flask route returning a short text, served by gunicorn with the
same settings as Kring. A page's requests per second divided by this one's is the ratio
`make bench` reports; it says how much of what Flask and gunicorn can do is left."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def index():
    return "Kring\n", 200, {"Content-Type": "text/plain"}
