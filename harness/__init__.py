"""What the tests and the benchmarks share to drive nnadd as its users do.

`import harness as h` gives the browser harness's whole API in one name, as the old
tests/e2e/harness.py did (h.Server, h.load, h.metric, ...). It is split by topic:

- harness.browser: find and launch Chromium (h.chromium() for a benchmark);
- harness.server: free ports, `streamlit run app.py`, stopping a process;
- harness.page: one student's visit, what the page recorded, the waits for it;
- harness.actions: clicking, typing and choosing as a student does;
- harness.readings: metrics, the table, the live chart's redraws, screenshots;
- harness.reference: the command line's numbers a page must end with;
- harness.scenarios: a Fast run timed, a class of pages pressing Train at once;
- harness.first_load: a phone's first visit, counted by Chromium;
- harness.serve_class: deploy/serve-class and a browser behind its HAProxy.

Imported by name, not through `h`: harness.students (simulated students who speak
Streamlit's websocket protocol: a class watching a run, a class answering the poll),
harness.phones (a phone's first visit over plain HTTP), harness.processes (/proc:
alive, CPU, memory, children) and harness.plain (the article's plain loop, the
independent second implementation the numbers are checked against).

The tests and the benchmarks import this package; it imports neither, and neither
imports the other.
"""

from harness.actions import (
    MAPS,
    choose_speed,
    click_and_settle,
    click_together,
    open_maps,
    set_number,
)
from harness.browser import (
    CHROMIUM_ARGS,
    DEBIAN_CHROMIUM,
    HOW_TO_GET_A_BROWSER,
    BrowserMisnamed,
    BrowserNotFound,
    chromium,
    find_browser,
    launch_browser,
)
from harness.first_load import (
    PHONE,
    FirstLoad,
    Response,
    first_load,
)
from harness.page import (
    ADDER,
    APP,
    DEFAULT_SPEED,
    EXCEPTION,
    INIT_SCRIPT,
    LAID_OUT,
    LIVE,
    LIVE_CHART,
    LOCAL_HOSTS,
    LOCAL_SCHEMES,
    PREDICTIONS,
    QUIET_MS,
    RUN_ENDED,
    SCRIPT_FINISHED_FIELD,
    VIEWPORT,
    Visit,
    assert_only_local_requests,
    button,
    exceptions,
    load,
    messages_sent,
    messages_sent_once_handled,
    non_local,
    open_visit,
    runs_finished,
    wait_idle,
    wait_laid_out,
    wait_loaded,
    wait_runs_finished,
)
from harness.readings import (
    READ_METRICS,
    charts_kept_alive,
    epoch,
    heap_after_gc,
    metric,
    metrics,
    progress_text,
    redraws,
    redraws_per_second,
    screenshot,
    shown_predictions,
    shown_weights,
    table_rows,
    table_rows_when,
    wait_epoch_beyond,
    wait_metric,
    wait_trained,
)
from harness.reference import (
    cli_reference,
    cli_references,
    predictions,
    right_answers,
    rounded_weights,
)
from harness.scenarios import (
    TABLE_SHOWN,
    Classroom,
    FastRun,
    classroom,
    fast_run_seconds,
)
from harness.serve_class import (
    REPLICA_COOKIE,
    SERVE_CLASS,
    SERVE_CLASS_REPLICA,
    Replica,
    ServeClass,
    connection_log,
    replica_cookie,
    serve_class_module,
    serving_class,
    watch_connection,
    websockets_opened,
)
from harness.server import (
    ARTIFACTS,
    ROOT,
    Server,
    ServerDidNotStart,
    free_port,
    free_ports,
    process_status,
    running_server,
    stop_process,
    wait_listening,
)
