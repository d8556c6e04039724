"""A private PostgreSQL server for one test run: a fresh cluster in the given directory, on a
free loopback port, trusting the `rapport` user from loopback only. Prints the port once the
server accepts connections and stops it (and removes its files) when standard input closes, so a
test run that dies leaves no server behind.

PostgreSQL refuses to run as root: under root (as in CI) the cluster belongs to the `postgres`
user that Debian's package creates."""

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys

directory = sys.argv[1]
binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
if not binaries:
    sys.exit("PostgreSQL is not installed; run apt-get install -y postgresql")
bin_dir = os.path.dirname(binaries[-1])
data = os.path.join(directory, "data")

prefix = []
if os.geteuid() == 0:
    owner = pwd.getpwnam("postgres")
    os.chown(directory, owner.pw_uid, owner.pw_gid)
    prefix = ["runuser", "-u", "postgres", "--"]


def run(arguments):
    result = subprocess.run(prefix + arguments, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if result.returncode != 0:
        sys.exit(" ".join(arguments[:1]) + " failed: " + result.stdout)


with socket.socket() as probe:
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]

run([os.path.join(bin_dir, "initdb"), "-D", data, "-U", "rapport", "--auth=trust", "-E", "UTF8",
     "--locale=C.UTF-8"])
# Durability is not what these tests measure: without fsync a test's many commits are quick.
run([os.path.join(bin_dir, "pg_ctl"), "-D", data, "-l", os.path.join(directory, "server.log"), "-w", "start",
     "-o", f"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
     "-c full_page_writes=off -c max_connections=300"])
print(port, flush=True)
while os.read(sys.stdin.fileno(), 1024):
    pass
subprocess.run(prefix + [os.path.join(bin_dir, "pg_ctl"), "-D", data, "-m", "immediate", "stop"],
               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
shutil.rmtree(directory, ignore_errors=True)
