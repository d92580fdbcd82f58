"""Layer 6 (beside ``compare``): a local what-if web app over the public API (``python -m sim.app``).

Needs the ``app`` extra (``pip install -e ".[app]"``, or ``make app``). See ``page.py`` for the layout and
``view.py`` for what a slider move computes.
"""
