# Sourced by the Tools/bench-*.sh scripts (not run on its own), from the repository root.
#
# bench_binary PRODUCT: builds one executable of the Benchmarks package in release mode (the build's
# output on standard error) and prints the path of the binary; fails when the build fails.
bench_binary() {
    echo "== swift build -c release --package-path Benchmarks --product $1" >&2
    swift build -c release --package-path Benchmarks --product "$1" >&2 || return
    local dir
    dir=$(swift build -c release --package-path Benchmarks --show-bin-path) || return
    echo "$dir/$1"
}

# kafka_client_env: the Python tools (.venv-tools, set up when needed) in `$python`, and librdkafka 2.16
# for the Swift processes that talk to Tansu (Debian's 2.0.2 cannot; Tools/setup-python-tools.sh).
kafka_client_env() {
    Tools/setup-python-tools.sh
    python=.venv-tools/bin/python
    export LD_LIBRARY_PATH="$PWD/.venv-tools/rdkafka-2.16${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
}
