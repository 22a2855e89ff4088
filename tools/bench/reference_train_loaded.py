"""The reference PyTorch CycleGAN iteration of ../shared/peer/bench_any.py, for a machine that is never idle.

bench.py (../shared/peer) waits before every repetition until other processes use < 0.1 cores (up to 900 s)
and discards repetitions during which they used more; on a machine shared with long jobs it never finishes.
This wrapper runs the same bench_any.py (same networks, options, warm-ups and repetitions) with the wait and
the discarding turned off, so that it can be timed side by side with real2sim under the same load:
ratios from such a run compare like with like, absolute times are inflated by the load.

usage: PEER_DIR=<scratch> /usr/bin/python3 tools/bench/reference_train_loaded.py train --ngf N --blocks B
       --ndf D --size S --threads T     (PEER_HARNESS=<dir of bench_any.py>, default /work/shared/peer)
"""
import importlib.util
import os
import sys

harness = os.environ.get("PEER_HARNESS", "/work/shared/peer")
sys.path.insert(0, harness)
import common  # noqa: E402,F401  (puts the reference repo on sys.path)
from models import networks  # noqa: E402

_orig = networks.define_G


def define_G(input_nc, output_nc, ngf, netG, norm='batch', use_dropout=False, init_type='normal', init_gain=0.02,
             gpu_ids=[]):
    import re
    m = re.fullmatch(r"resnet_(\d+)blocks", netG)
    if m and netG not in ("resnet_6blocks", "resnet_9blocks"):  # as bench_any.py does
        net = networks.ResnetGenerator(input_nc, output_nc, ngf, norm_layer=networks.get_norm_layer(norm_type=norm),
                                       use_dropout=use_dropout, n_blocks=int(m.group(1)))
        return networks.init_net(net, init_type, init_gain)
    return _orig(input_nc, output_nc, ngf, netG, norm, use_dropout, init_type, init_gain)


networks.define_G = define_G
spec = importlib.util.spec_from_file_location("peer_bench", os.path.join(harness, "bench.py"))
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)
bench.wait_idle = lambda *a, **k: 0.0           # no waiting for an idle machine
bench.timeit.__defaults__ = (float("inf"), 40)  # no repetition discarded for other processes' load
sys.argv = ["bench.py"] + sys.argv[1:]
bench.main()
