# Runs one scanner command so that every process it starts ends with it, even one that starts its own session
# (setsid), double-forks into a daemon, ignores SIGTERM or clears its environment.
#
# The wrapper makes itself a child subreaper (prctl PR_SET_CHILD_SUBREAPER, Linux 3.4+, no privilege needed): an
# orphaned descendant is re-parented to it instead of to init, so it stays in the wrapper's process tree whatever
# session or group it moves to. When the tool ends, or on a stop request, the wrapper kills every process below it
# (found through /proc by parent pid) and reaps them before it exits.
#
# Protocol with ossast (src/scan/process.ts): argv[1:] is the command; descriptor 3 is a pipe on which the wrapper
# writes "mode subreaper" (or "mode group" where prctl is not available) and, if the command cannot be started,
# "exec <errno name> <message>". SIGTERM/SIGINT/SIGHUP: SIGTERM to the tool's group and every descendant, SIGKILL to
# all after a grace period. SIGUSR1 (also sent by the kernel if ossast dies: PR_SET_PDEATHSIG): SIGKILL to all now.
# The wrapper then exits as the tool did (same code, or killed by the same signal).
import ctypes
import errno
import os
import signal
import sys
import time

PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36
GRACE_SECONDS = 0.5

parent = os.getppid()
try:
    report = os.fdopen(3, 'w', buffering=1)
    os.set_inheritable(3, False)
except OSError:
    report = None


def say(line):
    if report is not None:
        try:
            report.write(line + '\n')
        except OSError:
            pass


mode = 'group'
try:
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0:
        mode = 'subreaper'
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGUSR1, 0, 0, 0)
except (OSError, AttributeError):
    pass
say('mode ' + mode)

me = os.getpid()


def descendants():
    """Every process below the wrapper, found from /proc/<pid>/stat parent ids."""
    children = {}
    for name in os.listdir('/proc'):
        if not name.isdigit():
            continue
        try:
            with open('/proc/' + name + '/stat', 'rb') as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b')') + 2:].split()
        if len(fields) < 2:
            continue
        children.setdefault(int(fields[1]), []).append(int(name))
    found, todo = [], [me]
    while todo:
        for c in children.get(todo.pop(), []):
            found.append(c)
            todo.append(c)
    return found


def signal_all(sig):
    for pid in descendants():
        try:
            os.kill(pid, sig)
        except OSError:
            pass


def reap_all():
    """SIGKILL to every descendant, again until none is left (a dying process may still fork); reaps each one."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        left = descendants()
        for pid in left:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        try:
            while os.waitpid(-1, os.WNOHANG)[0] != 0:
                pass
        except ChildProcessError:
            pass
        if not left:
            return
        time.sleep(0.002)


try:
    tool = os.fork()
except OSError as err:
    say('exec %s %s' % (errno.errorcode.get(err.errno, 'EIO'), err.strerror))
    sys.exit(127)
if tool == 0:
    try:
        os.setpgid(0, 0)
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGUSR1, signal.SIGALRM):
            signal.signal(sig, signal.SIG_DFL)
        os.execvp(sys.argv[1], sys.argv[1:])
    except OSError as err:
        say('exec %s %s' % (errno.errorcode.get(err.errno, 'EIO'), err.strerror))
    os._exit(127)
if report is not None:
    report.close()
    report = None


def hard(_sig=None, _frame=None):
    reap_all()
    os._exit(128 + signal.SIGTERM)


def grace_over(_sig, _frame):
    signal_all(signal.SIGKILL)


stopping = []


def soft(sig, _frame):
    if stopping:
        return
    stopping.append(sig)
    try:
        os.killpg(tool, signal.SIGTERM)
    except OSError:
        pass
    signal_all(signal.SIGTERM)
    signal.signal(signal.SIGALRM, grace_over)
    signal.setitimer(signal.ITIMER_REAL, GRACE_SECONDS)


signal.signal(signal.SIGUSR1, hard)
for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
    signal.signal(s, soft)
if os.getppid() != parent:
    hard()

status = None
while status is None:
    try:
        pid, st = os.waitpid(-1, 0)
    except ChildProcessError:
        break
    if pid == tool:
        status = st
reap_all()
if status is None:
    sys.exit(1)
if os.WIFSIGNALED(status):
    sig = os.WTERMSIG(status)
    signal.signal(sig, signal.SIG_DFL)
    os.kill(me, sig)
sys.exit(os.WEXITSTATUS(status))
