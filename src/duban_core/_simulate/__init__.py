"""The machinery behind :mod:`duban_core.simulate`, one module per phase of an item's life.

========================  ===============================================================
``profiles``              the per-category table: every way a category differs, one row each
``texts``                 the words drawn: reasons, methods, media, organisers
``draws``, ``makers``     the random draws; fast construction of trusted events
``schedule``              the year's plan: each item's category and day; the office's days
``world``                 one run's state: arguments, units, people, planned events, records
``item``                  one item's spec, first days and run (its people and clock)
``registration``          拟办·立项: lead and co-units, title, due day, 分解立项, 不予立项
``assignment``            交办, and what the year holds for the item (撤销, 拖延)
``handling``              办理: 签收, 进展 (co-units too), 催办
``extensions``            延期: requested on or before the due day, decided by the leader
``closing``               办结归档: 审核办结, 上报, 满意度测评, 归档; and 撤销
``review``                反馈与审核: the report, approval or 退回重办
``lifecycle``             an item's phases in order, round after round
``bulletins``             通报 and 整改报告
``inspections``           planned inspections, two overlapping (多头督查)
``year``                  the day loop
========================  ===============================================================

Modules import only those above them in this list (``lifecycle`` the phases, ``year``
everything). Every draw comes from the run's one generator, in an order that is part of
every simulated year: a change that moves a draw changes every seed's year.
"""
