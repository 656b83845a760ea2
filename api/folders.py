"""Plan folders read once and kept (a `why` must answer in milliseconds)."""

from __future__ import annotations

import threading
from collections import OrderedDict

from api.services import plan_dir
from api.settings import Settings
from scheduler.why import PlanFolder


class Folders:
    def __init__(self, settings: Settings, keep: int = 8):
        self.settings, self.keep = settings, keep
        self._cache: OrderedDict[int, PlanFolder] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, plan_id: int) -> PlanFolder:
        with self._lock:
            if plan_id in self._cache:
                self._cache.move_to_end(plan_id)
                return self._cache[plan_id]
        folder = PlanFolder(plan_dir(self.settings, plan_id))
        with self._lock:
            self._cache[plan_id] = folder
            while len(self._cache) > self.keep:
                self._cache.popitem(last=False)
        return folder
