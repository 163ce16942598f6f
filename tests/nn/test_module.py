"""Module, Parameter and the containers: registration, traversal, modes, state dicts, devices,
hooks and PyTorch's repr."""

from __future__ import annotations

import copy
import pickle
from collections import OrderedDict

import pytest

import gradarray as xp
import gradarray.nn.functional as F
from gradarray import nn


class TutorialNet(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), (2, 2))
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = xp.reshape(x, (x.shape[0], -1))
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))


TUTORIAL_REPR = """TutorialNet(
  (conv1): Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1))
  (conv2): Conv2d(6, 16, kernel_size=(5, 5), stride=(1, 1))
  (fc1): Linear(in_features=400, out_features=120, bias=True)
  (fc2): Linear(in_features=120, out_features=84, bias=True)
  (fc3): Linear(in_features=84, out_features=10, bias=True)
)"""


def test_module_repr_matches_pytorch_for_the_tutorial_net(backend):
    assert repr(TutorialNet()) == TUTORIAL_REPR


def test_module_repr_of_nested_containers_matches_pytorch():
    model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Dropout(0.2),
                          nn.ModuleList([nn.Tanh(), nn.Tanh(), nn.Sigmoid()]),
                          nn.BatchNorm1d(4), nn.GELU(), nn.Softmax(dim=1))
    assert repr(model) == """Sequential(
  (0): Linear(in_features=3, out_features=4, bias=True)
  (1): ReLU()
  (2): Dropout(p=0.2, inplace=False)
  (3): ModuleList(
    (0-1): 2 x Tanh()
    (2): Sigmoid()
  )
  (4): BatchNorm1d(4, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)
  (5): GELU(approximate='none')
  (6): Softmax(dim=1)
)"""


def test_module_tutorial_net_has_ten_float32_parameters_in_order(backend):
    net = TutorialNet()
    params = list(net.parameters())
    assert len(params) == 10
    assert params[0].shape == (6, 1, 5, 5)
    assert all(p.dtype == xp.float32 and p.requires_grad for p in params)
    names = [n for n, _ in net.named_parameters()]
    assert names == ["conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "fc1.weight",
                     "fc1.bias", "fc2.weight", "fc2.bias", "fc3.weight", "fc3.bias"]


def test_module_tutorial_forward_and_backward_fill_gradients(backend):
    xp.manual_seed(0)
    net = TutorialNet()
    out = net(xp.random.randn(1, 1, 32, 32, dtype=xp.float32))
    assert out.shape == (1, 10)
    net.zero_grad()
    assert net.conv1.bias.grad is None
    out.backward(xp.random.randn(1, 10, dtype=xp.float32))
    assert net.conv1.bias.grad.shape == (6,)
    assert all(p.grad is not None for p in net.parameters())


def test_parameter_is_an_array_marked_as_parameter(backend):
    data = xp.zeros(3)
    p = nn.Parameter(data)
    assert type(p) is xp.Array
    assert isinstance(p, nn.Parameter) and not isinstance(data, nn.Parameter)
    assert p.requires_grad and p.is_leaf
    assert not nn.Parameter(xp.zeros(2), requires_grad=False).requires_grad
    with pytest.raises(TypeError, match="Parameter"):
        nn.Parameter([1.0, 2.0])


def test_module_assigning_a_plain_array_to_a_parameter_slot_is_an_error():
    lin = nn.Linear(2, 2)
    with pytest.raises(TypeError, match="parameter 'weight'"):
        lin.weight = xp.zeros((2, 2))
    lin.weight = nn.Parameter(xp.zeros((2, 2)))
    assert xp.sum(lin.weight).item() == 0.0


def test_module_children_modules_and_buffers_are_found(backend):
    model = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3), nn.Sequential(nn.ReLU()))
    assert [type(m).__name__ for m in model.children()] == ["Linear", "BatchNorm1d",
                                                            "Sequential"]
    assert [n for n, _ in model.named_modules()] == ["", "0", "1", "2", "2.0"]
    assert [n for n, _ in model.named_buffers()] == ["1.running_mean", "1.running_var",
                                                     "1.num_batches_tracked"]
    assert model.get_submodule("2.0").__class__.__name__ == "ReLU"
    assert model.get_parameter("0.weight") is model[0].weight


def test_module_shared_parameters_are_listed_once():
    lin = nn.Linear(2, 2)
    model = nn.Sequential(lin, nn.ReLU(), lin)
    assert len(list(model.parameters())) == 2


def test_module_train_and_eval_propagate_to_children():
    model = nn.Sequential(nn.Linear(2, 2), nn.Sequential(nn.Dropout()))
    assert model.training and model[1][0].training
    model.eval()
    assert not any(m.training for m in model.modules())
    model.train()
    assert all(m.training for m in model.modules())


def test_module_zero_grad_sets_none_or_zeros(backend):
    lin = nn.Linear(2, 1)
    xp.sum(lin(xp.ones((3, 2), dtype=xp.float32))).backward()
    lin.zero_grad(set_to_none=False)
    assert float(xp.sum(xp.abs(lin.weight.grad))) == 0.0
    lin.zero_grad()
    assert lin.weight.grad is None


def test_module_state_dict_round_trip_restores_outputs(backend):
    xp.manual_seed(1)
    a = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.Linear(4, 2))
    a(xp.random.randn(5, 3, dtype=xp.float32))       # moves the running statistics
    b = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.Linear(4, 2))
    sd = a.state_dict()
    assert list(sd) == ["0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean",
                        "1.running_var", "1.num_batches_tracked", "2.weight", "2.bias"]
    assert not any(v.requires_grad for v in sd.values())
    keys = b.load_state_dict(sd)
    assert keys.missing_keys == [] and keys.unexpected_keys == []
    a.eval()
    b.eval()
    x = xp.random.randn(4, 3, dtype=xp.float32)
    assert bool(xp.all(a(x) == b(x)))
    assert int(b[1].num_batches_tracked.item()) == 1


def test_module_load_state_dict_keeps_parameter_identity(backend):
    a, b = nn.Linear(2, 2), nn.Linear(2, 2)
    w = b.weight
    b.load_state_dict(a.state_dict())
    assert b.weight is w and bool(xp.all(b.weight == a.weight))


def test_module_load_state_dict_reports_missing_unexpected_and_shape_errors():
    lin = nn.Linear(2, 3)
    sd = lin.state_dict()
    with pytest.raises(RuntimeError, match='Missing key\\(s\\) in state_dict: "bias"'):
        lin.load_state_dict({"weight": sd["weight"]})
    with pytest.raises(RuntimeError, match='Unexpected key\\(s\\) in state_dict: "extra"'):
        lin.load_state_dict({**sd, "extra": xp.zeros(1)})
    result = lin.load_state_dict({"weight": sd["weight"], "extra": xp.zeros(1)}, strict=False)
    assert result.missing_keys == ["bias"] and result.unexpected_keys == ["extra"]
    with pytest.raises(RuntimeError, match="size mismatch for weight"):
        lin.load_state_dict({"weight": xp.zeros((3, 3)), "bias": sd["bias"]}, strict=False)


def test_module_load_state_dict_casts_dtype(backend):
    lin = nn.Linear(2, 2)
    sd = {k: xp.astype(v, xp.float64) for k, v in lin.state_dict().items()}
    lin.load_state_dict(sd)
    assert lin.weight.dtype == xp.float32


def test_module_to_casts_floating_parameters_in_place(backend):
    model = nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2))
    w = model[0].weight
    model.double()
    assert model[0].weight is w and w.dtype == xp.float64
    assert model[1].num_batches_tracked.dtype == xp.int64
    model.to(dtype=xp.float32)
    assert w.dtype == xp.float32
    assert model.to_device(xp.device(None)) is model


def test_module_hooks_see_and_replace_values():
    lin = nn.Linear(2, 2)
    seen = []
    h1 = lin.register_forward_pre_hook(lambda m, args: seen.append(args[0].shape))
    h2 = lin.register_forward_hook(lambda m, args, out: out * 0)
    out = lin(xp.ones((1, 2), dtype=xp.float32))
    assert seen == [(1, 2)] and xp.sum(xp.abs(out)).item() == 0.0
    h1.remove()
    h2.remove()
    assert xp.sum(xp.abs(lin(xp.ones((1, 2), dtype=xp.float32)))).item() > 0


def test_module_full_backward_hooks_see_and_replace_gradients(backend):
    # the values PyTorch 2.13 gives for the same program
    lin = nn.Linear(2, 2)
    with xp.no_grad():
        lin.weight[...] = xp.asarray([[1.0, 2.0], [3.0, 4.0]], dtype=xp.float32)
    log = []
    lin.register_full_backward_pre_hook(
        lambda m, grad_output: (log.append(("pre", grad_output[0].tolist())),
                                (grad_output[0] * 2,))[1])
    handle = lin.register_full_backward_hook(
        lambda m, grad_input, grad_output: (log.append(("hook", grad_input[0].tolist(),
                                                        grad_output[0].tolist())),
                                            (grad_input[0] * 10,))[1])
    x = xp.asarray([[1.0, -1.0]], dtype=xp.float32, requires_grad=True)
    xp.sum(lin(x) * xp.asarray([[1.0, 3.0]], dtype=xp.float32)).backward()
    assert log == [("pre", [[1.0, 3.0]]), ("hook", [[20.0, 28.0]], [[2.0, 6.0]])]
    assert x.grad.tolist() == [[200.0, 280.0]]
    assert lin.weight.grad.tolist() == [[2.0, -2.0], [6.0, -6.0]]   # the pre-hook's doubling
    handle.remove()
    log.clear()
    xp.sum(lin(xp.ones((1, 2), dtype=xp.float32))).backward()      # no input needs a gradient
    assert log == [("pre", [[1.0, 1.0]])]


def test_module_full_backward_hook_lists_every_array_argument(backend):
    class Two(nn.Module):
        def forward(self, a, b, scale=3):
            return a * b, a + 1

    two = Two()
    seen = []
    two.register_full_backward_hook(lambda m, gi, go: seen.append(
        ([g if g is None else g.tolist() for g in gi], [g if g is None else g.tolist()
                                                       for g in go])))
    a = xp.asarray([1.0, 2.0], requires_grad=True)
    out, _ = two(a, xp.asarray([3.0, 4.0]))
    xp.sum(out).backward()
    # b does not require grad: None (PyTorch passes zeros there); the unused output: None
    assert seen == [([[3.0, 4.0], None], [[1.0, 1.0], None])]
    with xp.no_grad():
        two(a, a)                                   # nothing is recorded, no hook runs
    assert len(seen) == 1


def test_module_deepcopy_and_pickle_keep_parameters(backend):
    model = nn.Sequential(nn.Linear(2, 2))
    for clone in (copy.deepcopy(model), pickle.loads(pickle.dumps(model))):
        params = list(clone.parameters())
        assert len(params) == 2 and all(isinstance(p, nn.Parameter) for p in params)
        assert params[0] is not model[0].weight
        assert bool(xp.all(params[0] == model[0].weight))


def test_module_without_init_call_gives_a_clear_error():
    class Broken(nn.Module):
        def __init__(self):
            self.fc = nn.Linear(1, 1)
    with pytest.raises(AttributeError, match="before Module.__init__"):
        Broken()


def test_module_missing_forward_and_attribute_errors():
    with pytest.raises(NotImplementedError, match="forward"):
        nn.Module()(1)
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = nn.Linear(1, 1).nope


def test_sequential_indexing_slicing_and_editing():
    seq = nn.Sequential(nn.Linear(1, 2), nn.ReLU(), nn.Linear(2, 1))
    assert isinstance(seq[0], nn.Linear) and isinstance(seq[-1], nn.Linear)
    assert len(seq[1:]) == 2 and isinstance(seq[1:], nn.Sequential)
    seq.append(nn.Sigmoid())
    assert len(seq) == 4
    del seq[1]
    assert [type(m).__name__ for m in seq] == ["Linear", "Linear", "Sigmoid"]
    named = nn.Sequential(OrderedDict([("fc", nn.Linear(1, 1)), ("act", nn.Tanh())]))
    assert [n for n, _ in named.named_children()] == ["fc", "act"]


def test_modulelist_and_moduledict_register_their_modules():
    ml = nn.ModuleList([nn.Linear(1, 1) for _ in range(3)])
    ml.append(nn.Linear(1, 1))
    assert len(list(ml.parameters())) == 8
    md = nn.ModuleDict({"a": nn.Linear(1, 1)})
    md["b"] = nn.Linear(1, 1)
    assert set(md.keys()) == {"a", "b"} and len(list(md.parameters())) == 4
    pl = nn.ParameterList([xp.zeros(2), nn.Parameter(xp.ones(1))])
    assert len(list(pl.parameters())) == 2 and isinstance(pl[0], nn.Parameter)


def test_module_apply_initialises_every_submodule(backend):
    model = nn.Sequential(nn.Linear(2, 3), nn.Linear(3, 1))

    def init(m):
        if isinstance(m, nn.Linear):
            nn.init.constant_(m.weight, 0.5)
            nn.init.zeros_(m.bias)
    model.apply(init)
    assert model(xp.ones((1, 2), dtype=xp.float32))[0, 0].item() == pytest.approx(1.5)


def test_module_to_device_moves_a_model_between_backends():
    from gradarray._device import runtime
    names = [s.name for s in xp.backends() if s.available]
    if len(names) < 2:
        pytest.skip("needs two available backends (the reference backend or CuPy beside NumPy)")
    src, dst = runtime(names[0]).devices[0], runtime(names[1]).devices[0]
    with src:
        xp.manual_seed(0)
        model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
        x = xp.reshape(xp.arange(6.0, dtype=xp.float32), (2, 3))
        expected = model(x).detach().tolist()
        opt = xp.optim.SGD(model.parameters(), lr=0.1)
    w = model[0].weight
    model.to_device(dst)
    assert model[0].weight is w and w.device == dst
    out = model(x.to_device(dst))
    assert out.device == dst
    for a, b in zip(out.detach().tolist(), expected):
        assert a == pytest.approx(b, rel=1e-6)
    xp.sum(out).backward()
    opt.step()                           # the optimizer built before the move still works
    assert w.grad.device == dst and w.device == dst
