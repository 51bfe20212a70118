"""Reading wrk's output: an error it reports must reach the figures."""

from bench.load import parse_wrk

WRK_OUTPUT = """\
Running 2s test @ http://127.0.0.1:8767/
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     3.10ms    1.02ms  20.00ms   90.00%
    Req/Sec     1.30k   100.00     1.50k    70.00%
  5201 requests in 2.00s, 1.00MB read
{errors}Requests/sec:   2600.50
Transfer/sec:    500.00KB
p50 2810
p95 4170
p99 6890
"""


def test_rate_and_percentiles_are_read():
    measured = parse_wrk(WRK_OUTPUT.format(errors=""))

    assert measured.rate == 2600.5
    assert measured.errors == 0
    assert measured.latency_ms == {"p50": 2.81, "p95": 4.17, "p99": 6.89}


def test_socket_errors_and_non_2xx_answers_are_all_counted():
    errors = (
        "  Socket errors: connect 1, read 2, write 0, timeout 3\n"
        "  Non-2xx or 3xx responses: 4\n"
    )

    assert parse_wrk(WRK_OUTPUT.format(errors=errors)).errors == 10
