"""torch, if it is installed: the loaders work without it (plain lists, no DataLoader)."""

try:  # pragma: no cover - depends on the environment
    import torch
    from torch.utils.data import IterableDataset
except ImportError:  # pragma: no cover
    torch = None

    class IterableDataset:  # type: ignore[no-redef]
        """Stand-in base class when torch is not installed."""


def require_torch(what):
    if torch is None:
        raise ImportError("%s needs PyTorch; install torch or leave the option off" % what)
    return torch


def split_position():
    """(index, count) of this reader among every DataLoader worker of every rank."""
    worker, workers = 0, 1
    rank, world = 0, 1
    if torch is not None:
        info = torch.utils.data.get_worker_info()
        if info is not None:
            worker, workers = info.id, info.num_workers
        dist = torch.distributed
        if dist.is_available() and dist.is_initialized():
            rank, world = dist.get_rank(), dist.get_world_size()
    return rank, world, worker, workers
