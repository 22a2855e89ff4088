"""PyTorch eager inference of bench-inference's pipeline f(G_RS(x)), timing only.

Builds the same architectures as `real2sim bench-inference` in torch (seeded random weights; timing does
not depend on them): the CycleGAN ResNet generator G_RS (reflect pad, 7x7 conv, instance norm, two
stride-2 3x3 convs, residual blocks, two transposed convs, 7x7 conv to 3, tanh) and the expert f, a
ResNet-18 classifier (torchvision stem) or DeepLabV3 on a dilated ResNet-18/101 (output stride 8, ASPP
with rates 12/24/36 and image pooling, 3x3 head, 1x1 classifier, bilinear resize), in eval mode under
torch.inference_mode(). One call = uint8 HWC image -> float -> G_RS -> [0, 1] -> f's normalisation ->
f -> softmax scores and argmax predictions, batch 1, as the bundle computes it. Prints one JSON line
per (case, threads) with the median and mean wall-clock ms, CPU ms per call and achieved GFLOP/s
(2 x the convolution and dense MACs, the count bench-inference uses).

usage: /usr/bin/python3 tools/bench/torch_inference.py [--preset quick|paper] [--case shapes|streets]
       [--size HxW] [--threads 1,2] [--warmup 3] [--iterations 20]
Run it as a training script runs torch (tools/bench/torch_env.sh sets OpenBLAS and malloc like
../shared/peer/run_side_by_side.sh).
"""
import argparse
import json
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class ResBlock(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.body = nn.Sequential(nn.ReflectionPad2d(1), nn.Conv2d(c, c, 3), nn.InstanceNorm2d(c), nn.ReLU(True),
                                  nn.ReflectionPad2d(1), nn.Conv2d(c, c, 3), nn.InstanceNorm2d(c))

    def forward(self, x):
        return x + self.body(x)


def generator(ngf, blocks):
    layers = [nn.ReflectionPad2d(3), nn.Conv2d(3, ngf, 7), nn.InstanceNorm2d(ngf), nn.ReLU(True)]
    c = ngf
    for _ in range(2):
        layers += [nn.Conv2d(c, 2 * c, 3, 2, 1), nn.InstanceNorm2d(2 * c), nn.ReLU(True)]
        c *= 2
    layers += [ResBlock(c) for _ in range(blocks)]
    for _ in range(2):
        layers += [nn.ConvTranspose2d(c, c // 2, 3, 2, 1, output_padding=1), nn.InstanceNorm2d(c // 2), nn.ReLU(True)]
        c //= 2
    layers += [nn.ReflectionPad2d(3), nn.Conv2d(c, 3, 7), nn.Tanh()]
    return nn.Sequential(*layers)


class Basic(nn.Module):
    expansion = 1

    def __init__(self, cin, planes, stride, dilation):
        super().__init__()
        self.c1 = nn.Conv2d(cin, planes, 3, stride, dilation, dilation, bias=False)
        self.b1 = nn.BatchNorm2d(planes)
        self.c2 = nn.Conv2d(planes, planes, 3, 1, dilation, dilation, bias=False)
        self.b2 = nn.BatchNorm2d(planes)
        self.down = None
        if stride != 1 or cin != planes:
            self.down = nn.Sequential(nn.Conv2d(cin, planes, 1, stride, bias=False), nn.BatchNorm2d(planes))

    def forward(self, x):
        y = F.relu(self.b1(self.c1(x)))
        y = self.b2(self.c2(y))
        return F.relu(y + (x if self.down is None else self.down(x)))


class Bottleneck(nn.Module):
    expansion = 4

    def __init__(self, cin, planes, stride, dilation):
        super().__init__()
        self.c1 = nn.Conv2d(cin, planes, 1, bias=False)
        self.b1 = nn.BatchNorm2d(planes)
        self.c2 = nn.Conv2d(planes, planes, 3, stride, dilation, dilation, bias=False)
        self.b2 = nn.BatchNorm2d(planes)
        self.c3 = nn.Conv2d(planes, 4 * planes, 1, bias=False)
        self.b3 = nn.BatchNorm2d(4 * planes)
        self.down = None
        if stride != 1 or cin != 4 * planes:
            self.down = nn.Sequential(nn.Conv2d(cin, 4 * planes, 1, stride, bias=False), nn.BatchNorm2d(4 * planes))

    def forward(self, x):
        y = F.relu(self.b1(self.c1(x)))
        y = F.relu(self.b2(self.c2(y)))
        y = self.b3(self.c3(y))
        return F.relu(y + (x if self.down is None else self.down(x)))


BLOCKS = {18: (Basic, [2, 2, 2, 2]), 101: (Bottleneck, [3, 4, 23, 3])}


class Backbone(nn.Module):
    """torchvision's ResNet layout with its 7x7 stride-2 stem and max pool; dilation replaces stride."""

    def __init__(self, depth, width, stride):
        super().__init__()
        block, counts = BLOCKS[depth]
        dilate = {32: [False] * 4, 16: [False, False, False, True], 8: [False, False, True, True]}[stride]
        self.stem = nn.Sequential(nn.Conv2d(3, width, 7, 2, 3, bias=False), nn.BatchNorm2d(width), nn.ReLU(True),
                                  nn.MaxPool2d(3, 2, 1))
        layers, cin, dilation = [], width, 1
        for s in range(4):
            planes, st, prev = width << s, 1 if s == 0 else 2, dilation
            if dilate[s]:
                dilation, st = dilation * st, 1
            for i in range(counts[s]):
                layers.append(block(cin, planes, st if i == 0 else 1, prev if i == 0 else dilation))
                cin = planes * block.expansion
        self.layers = nn.Sequential(*layers)
        self.out_channels = cin

    def forward(self, x):
        return self.layers(self.stem(x))


class Classifier(nn.Module):
    def __init__(self, depth, width, classes):
        super().__init__()
        self.backbone = Backbone(depth, width, 32)
        self.fc = nn.Linear(self.backbone.out_channels, classes)

    def forward(self, x):
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(self.backbone(x), 1), 1))


def cbr(cin, cout, k, dilation=1):
    return nn.Sequential(nn.Conv2d(cin, cout, k, 1, dilation * (k // 2), dilation, bias=False), nn.BatchNorm2d(cout),
                         nn.ReLU(True))


class DeepLab(nn.Module):
    def __init__(self, depth, width, classes, aspp, rates=(12, 24, 36)):
        super().__init__()
        self.backbone = Backbone(depth, width, 8)
        cin = self.backbone.out_channels
        self.branches = nn.ModuleList([cbr(cin, aspp, 1)] + [cbr(cin, aspp, 3, r) for r in rates])
        self.pool = nn.Sequential(nn.Conv2d(cin, aspp, 1, bias=False), nn.BatchNorm2d(aspp), nn.ReLU(True))
        self.project = cbr(5 * aspp, aspp, 1)
        self.head = cbr(aspp, aspp, 3)
        self.cls = nn.Conv2d(aspp, classes, 1)

    def forward(self, x):
        h, w = x.shape[-2:]
        f = self.backbone(x)
        p = F.interpolate(self.pool(F.adaptive_avg_pool2d(f, 1)), size=f.shape[-2:], mode="bilinear",
                          align_corners=False)
        y = self.project(torch.cat([b(f) for b in self.branches] + [p], 1))
        y = self.cls(self.head(y))
        return F.interpolate(y, size=(h, w), mode="bilinear", align_corners=False)


def macs(model, x):
    """Convolution and dense MACs of one forward pass (transposed convolutions counted on their input)."""
    total = [0]

    def hook(m, inp, out):
        if isinstance(m, nn.ConvTranspose2d):
            total[0] += inp[0].numel() * m.out_channels * m.kernel_size[0] * m.kernel_size[1]
        elif isinstance(m, nn.Conv2d):
            total[0] += out.numel() * (m.in_channels // m.groups) * m.kernel_size[0] * m.kernel_size[1]
        elif isinstance(m, nn.Linear):
            total[0] += m.in_features * m.out_features

    hs = [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear))]
    with torch.inference_mode():
        model(x)
    for h in hs:
        h.remove()
    return total[0]


def cases(preset):
    paper = preset == "paper"
    g = (64, 9) if paper else (16, 3)
    shapes = lambda: Classifier(18, 64 if paper else 16, 10)  # noqa: E731
    streets = lambda: DeepLab(101 if paper else 18, 64 if paper else 16, 13, 256 if paper else 64)  # noqa: E731
    norm = ((0.485, 0.456, 0.406), (0.229, 0.224, 0.225)) if paper else ((0.5, 0.5, 0.5), (0.5, 0.5, 0.5))
    return [("shapes", g, shapes, norm, 64, 64), ("streets", g, streets, norm, 128, 256),
            ("streets", g, streets, norm, 256, 512)]


class Pipeline(nn.Module):
    def __init__(self, g, f, norm):
        super().__init__()
        self.g, self.f = g, f
        self.register_buffer("mean", torch.tensor(norm[0]).view(1, 3, 1, 1))
        self.register_buffer("std", torch.tensor(norm[1]).view(1, 3, 1, 1))

    def forward(self, x):
        y = (self.g(x) + 1) / 2
        return self.f((y - self.mean) / self.std)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--preset", default="quick", choices=["quick", "paper"])
    ap.add_argument("--case")
    ap.add_argument("--size")
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--iterations", type=int, default=20)
    a = ap.parse_args()
    torch.manual_seed(1)
    for name, (ngf, nb), expert, norm, h, w in cases(a.preset):
        if (a.case and a.case != name) or (a.size and a.size != "%dx%d" % (h, w)):
            continue
        model = Pipeline(generator(ngf, nb), expert(), norm).eval()
        rgb = torch.randint(0, 256, (h, w, 3), dtype=torch.uint8)
        x0 = rgb.permute(2, 0, 1).unsqueeze(0).float() / 127.5 - 1
        flop = 2 * macs(model, x0)

        def call():
            x = rgb.permute(2, 0, 1).unsqueeze(0).float() / 127.5 - 1
            logits = model(x)
            scores = torch.softmax(logits, 1)
            return scores, scores.argmax(1)

        for t in [int(s) for s in a.threads.split(",")]:
            torch.set_num_threads(t)
            with torch.inference_mode():
                for _ in range(a.warmup):
                    call()
                ts, c0 = [], time.process_time()
                for _ in range(a.iterations):
                    t0 = time.perf_counter()
                    call()
                    ts.append((time.perf_counter() - t0) * 1e3)
                cpu = (time.process_time() - c0) * 1e3 / a.iterations
            p50 = statistics.median(ts)
            print(json.dumps(dict(case=name, size="%dx%d" % (h, w), preset=a.preset, threads=t, torch=torch.__version__,
                                  gflop=round(flop / 1e9, 3), p50_ms=round(p50, 2),
                                  mean_ms=round(statistics.mean(ts), 2), cpu_ms=round(cpu, 2),
                                  gflops=round(flop / p50 / 1e6, 1))), flush=True)


if __name__ == "__main__":
    main()
