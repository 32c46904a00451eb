#!/usr/bin/python3
"""Learning rates computed by PyTorch's schedulers, for io.jresnet.train's LrSchedule tests.

Each case drives a real torch.optim.lr_scheduler over a one-parameter SGD optimizer and records the learning rate
the optimizer holds before step 0 and after every scheduler.step(): "lrs"[i] is the rate used by optimizer step i
(or, for the epoch-based cases, by every step of epoch i). LrScheduleGoldenTest (resnet-api) rebuilds each case from
its "params" and compares.

  constant      ConstantLR(factor=1): the base rate throughout
  step          StepLR(step_size, gamma), stepped once per epoch
  multistep     MultiStepLR(milestones, gamma), stepped once per epoch
  cosine        CosineAnnealingLR(T_max=total_steps, eta_min=floor), stepped once per optimizer step
  warmup_const  LinearLR(start_factor, end_factor=1, total_iters=warmup_steps): warm-up into a constant rate
  warmup_cos    SequentialLR([LinearLR(start_factor, 1, warmup_steps), CosineAnnealingLR(T_max=total-warmup,
                eta_min)], milestones=[warmup_steps]): warm-up, then cosine over the remaining steps
  onecycle      OneCycleLR(max_lr, total_steps, pct_start, anneal_strategy='cos', div_factor, final_div_factor)
  onecycle3     the same with three_phase=True

Regenerate (from the repository root, Debian's python3-torch 1.13, i.e. /usr/bin/python3):
  /usr/bin/python3 tools/golden/schedules.py
and commit resnet-api/src/test/resources/train/schedules.json. The output is deterministic.
"""

import json
import os
import warnings

import torch
from torch.optim import lr_scheduler

OUT = os.path.join(
    os.path.dirname(os.path.abspath(__file__)),
    "..", "..", "resnet-api", "src", "test", "resources", "train", "schedules.json")


def optimizer(lr):
    return torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=lr)


def record(opt, scheduler, count):
    """The rate before the first scheduler step and after each of the next count - 1 steps."""
    lrs = [opt.param_groups[0]["lr"]]
    for _ in range(count - 1):
        opt.step()
        scheduler.step()
        lrs.append(opt.param_groups[0]["lr"])
    return lrs


def case(name, params, opt, scheduler, count):
    return {"name": name, "params": params, "lrs": record(opt, scheduler, count)}


def cases():
    out = []
    opt = optimizer(0.05)
    out.append(case("constant", {"lr": 0.05}, opt, lr_scheduler.ConstantLR(opt, factor=1.0), 7))

    opt = optimizer(0.1)
    out.append(case("step", {"lr": 0.1, "every_epochs": 3, "gamma": 0.5},
                    opt, lr_scheduler.StepLR(opt, step_size=3, gamma=0.5), 11))

    opt = optimizer(0.2)
    out.append(case("multistep", {"lr": 0.2, "milestones": [2, 5, 6], "gamma": 0.1},
                    opt, lr_scheduler.MultiStepLR(opt, milestones=[2, 5, 6], gamma=0.1), 9))

    opt = optimizer(0.1)
    out.append(case("cosine", {"lr": 0.1, "total_steps": 20, "floor": 0.001},
                    opt, lr_scheduler.CosineAnnealingLR(opt, T_max=20, eta_min=0.001), 21))

    opt = optimizer(0.4)
    out.append(case("warmup_const", {"lr": 0.4, "warmup_steps": 5, "start_factor": 0.1},
                    opt, lr_scheduler.LinearLR(opt, start_factor=0.1, end_factor=1.0, total_iters=5), 9))

    opt = optimizer(0.1)
    warm = lr_scheduler.LinearLR(opt, start_factor=0.01, end_factor=1.0, total_iters=4)
    cos = lr_scheduler.CosineAnnealingLR(opt, T_max=12, eta_min=0.0)
    out.append(case("warmup_cos", {"lr": 0.1, "warmup_steps": 4, "start_factor": 0.01, "total_steps": 16,
                                   "floor": 0.0},
                    opt, lr_scheduler.SequentialLR(opt, [warm, cos], milestones=[4]), 17))

    opt = optimizer(0.1)
    out.append(case("onecycle", {"max_lr": 0.1, "total_steps": 25, "pct_start": 0.3, "div_factor": 25.0,
                                 "final_div_factor": 1e4, "three_phase": False},
                    opt, lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=25, pct_start=0.3,
                                                 anneal_strategy="cos", div_factor=25.0,
                                                 final_div_factor=1e4, three_phase=False,
                                                 cycle_momentum=False), 25))

    opt = optimizer(0.1)
    out.append(case("onecycle3", {"max_lr": 0.5, "total_steps": 30, "pct_start": 0.25, "div_factor": 10.0,
                                  "final_div_factor": 100.0, "three_phase": True},
                    opt, lr_scheduler.OneCycleLR(opt, max_lr=0.5, total_steps=30, pct_start=0.25,
                                                 anneal_strategy="cos", div_factor=10.0,
                                                 final_div_factor=100.0, three_phase=True,
                                                 cycle_momentum=False), 30))
    return out


def main():
    # SequentialLR passes an epoch to its second scheduler at the milestone, which PyTorch itself deprecates.
    warnings.simplefilter("ignore", UserWarning)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump({"torch": torch.__version__, "cases": cases()}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
