"""The web view: the live dashboard ``/dashboard/``, the JSON API ``/api/...`` and ``/metrics``.

Served by each worker's Faust web server on ``STANCEWIRE_WEB_HOST``
(127.0.0.1 by default) and ``STANCEWIRE_WEB_PORT``. Read-only: every
endpoint answers GET and HEAD, nothing else.

Totals with several workers: fan-out
------------------------------------
A worker holds only the table partitions assigned to it (no standby
replicas), and every table key lives in one partition. So the API of *any*
worker asks *every* worker for its slice and joins them:

1. The workers are the hosts of the partition assignor's changelog
   distribution (``app.router.tables_metadata()``), each named by its
   canonical URL ``http://STANCEWIRE_WEB_HOST:STANCEWIRE_WEB_PORT``.
2. Each answers its slice from the partitions it holds
   (:mod:`~stancewire.web.local` over :mod:`~stancewire.web.snapshot`):
   in-process for itself, at ``/api/local/{part}/`` for the others, all at once.
3. Slices are disjoint, so joining is a union (:mod:`~stancewire.web.merge`);
   for "top N" each worker sends its own top N, whose union holds the exact
   global top N. Keys seen twice during a rebalance are taken once (max).
4. Every answer lists the workers asked and says whether all answered
   (``complete``); a worker that does not answer within 2 s is reported,
   not waited for.

Workers on several machines must bind an address the others can reach
(``STANCEWIRE_WEB_HOST``), since that address is also their canonical URL.

What is not in tables (latest quotes, dead letters and articles, consumer
lag) is read from Kafka itself (:mod:`~stancewire.web.kafka_reads`), which
every worker sees whole. Prometheus ``/metrics`` is per worker: scrape each
one and ``sum()`` (:mod:`~stancewire.web.metrics`).

Modules: ``views`` (API), ``dashboard`` (page and assets), ``metrics``,
``services`` (the long-lived clients and the rate timer), ``cluster``
(fan-out), ``local``/``snapshot`` (one worker's slice), ``merge``,
``params``, ``kafka_reads``, ``records`` (topic records as shown), ``rate``.
"""
