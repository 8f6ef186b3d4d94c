"""Where a build renders (issue 16): PDF workers start before the reports are loaded
and lay out with the garbage collector off; the DOCX is written in the main process."""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys

from mdime_publish.errors import warning


def test_pdf_workers_start_first_and_render_without_the_collector(mini, run, monkeypatch):
    from mdime_publish import pipeline

    workers_at_load = []
    load_report = pipeline.load_report

    def load_and_count(*args, **kwargs):
        workers_at_load.append(len(multiprocessing.active_children()))
        return load_report(*args, **kwargs)

    def fake_pdf(html, source, workspace):
        return b"%PDF-1.7 fake", [warning(source, 0, 0, f"pdf in {os.getpid()}, gc {gc.isenabled()}")]

    def fake_docx(report, ctx, workspace):
        print(f"docx in {os.getpid()}, gc {gc.isenabled()}")
        return b"PK fake"

    monkeypatch.setattr(pipeline, "load_report", load_and_count)
    # Workers fork (and so see these fakes) unless Typst ran in this process earlier in the
    # session; these workers never run Typst, so forking is safe here.
    monkeypatch.delitem(sys.modules, "typst", raising=False)
    monkeypatch.setattr("mdime_publish.writers.pdf.html_to_pdf", fake_pdf)
    monkeypatch.setattr("mdime_publish.writers.docx.render_docx", fake_docx)
    status, out, err = run("build", "--format", "pdf,docx", cwd=mini)
    assert status == 0, out + err
    assert workers_at_load == [1]  # one report: one PDF worker, already running
    assert f"docx in {os.getpid()}, gc True" in out
    [pdf_line] = [line for line in out.splitlines() if "pdf in" in line]
    assert pdf_line.endswith(", gc False") and f"pdf in {os.getpid()}," not in pdf_line
