"""The answer engine: `answer(question, passages) -> Answer`, `check(claim, passages) ->
Verdict`, and `Engine` to keep the corpus statistics and the fitted scorer loaded.

Apart from the page and the CLI: it retrieves nothing itself (app/answer.py and
app/claims.py do, then call it) and reads no settings.
"""

from app.answering.engine import Engine, answer, check
from app.answering.model import Answer, Citation, Verdict

__all__ = ["Engine", "answer", "check", "Answer", "Citation", "Verdict"]
