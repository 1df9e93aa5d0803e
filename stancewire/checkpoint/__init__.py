"""Every deviation of stancewire from Faust's commit and offset behaviour, in one package.

Faust 0.15.3 (the pinned version; another one fails at start, see
:func:`stancewire.checkpoint.guard.install`) leaves gaps in "every article
exactly once" that stancewire closes here, and nowhere else:

- :mod:`~stancewire.checkpoint.guard`: the commit order. Units of work and
  commits exclude each other (a commit never splits a batch's sends from its
  acks), every table changelog write is acknowledged by the broker before the
  commit that covers its input, and outputs go in the transaction of the input
  partition that caused them. Installed once by the app when it starts.
- :mod:`~stancewire.checkpoint.consumer`: the consumer's offset bookkeeping
  across rebalances, restarts and recovery (what a commit covers, which
  records are delivered, where recovery ends).
- :mod:`~stancewire.checkpoint.failpoints`: named places in that path where a
  fault test makes the worker SIGKILL itself.

``docs/reliability.md`` tells how each gap showed itself and how it is closed.
"""
