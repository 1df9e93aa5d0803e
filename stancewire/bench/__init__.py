"""``stancewire bench``: the pipeline through a real broker measured beside plain spaCy.

:mod:`~stancewire.bench.run` wires one run together; the other modules each
measure one thing: the broker to use, the end-to-end pipeline, memory, and
the environment. :mod:`~stancewire.bench.report` prints the results.
"""
