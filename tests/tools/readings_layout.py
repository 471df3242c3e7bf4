#!/usr/bin/env python3
# How much a cold read of one meter's month costs when the readings were written
# in the service's order (a cycle of every meter at a time) vs. meter by meter, for the v7
# layout (rowid table + unique index) and the v8 one (WITHOUT ROWID keyed by meter, time):
# 1,000 meters x 92 days of half-hourly rows in four files, then 100 random meter-months each
# read after `echo 3 > /proc/sys/vm/drop_caches` (needs root). docs/performance.md "Readings
# stored by (meter, time)". Usage: readings_layout.py [FOLDER] (default /tmp).
import sqlite3, os, random, sys, time
FOLDER = sys.argv[1] if len(sys.argv) > 1 else "/tmp"
M, DAYS = 1000, 92
SLOTS = DAYS * 48
T0 = 1_700_000_000_000
def build(path, layout, order):
    if os.path.exists(path): os.remove(path)
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=OFF"); db.execute("PRAGMA synchronous=OFF"); db.execute("PRAGMA cache_size=-200000")
    cols = "meter_id INTEGER NOT NULL, at_ms INTEGER NOT NULL, id INTEGER NOT NULL, total_milli INTEGER, sharp_milli INTEGER, peak_milli INTEGER, flat_milli INTEGER, valley_milli INTEGER, switch_state TEXT NOT NULL, meter_balance_fen INTEGER, purchase_count INTEGER, flags INTEGER NOT NULL, reason TEXT NOT NULL, tx_id INTEGER"
    if layout == "v7":
        db.execute("CREATE TABLE readings (id INTEGER PRIMARY KEY AUTOINCREMENT, meter_id INTEGER NOT NULL, at_ms INTEGER NOT NULL, total_milli INTEGER, sharp_milli INTEGER, peak_milli INTEGER, flat_milli INTEGER, valley_milli INTEGER, switch_state TEXT NOT NULL, meter_balance_fen INTEGER, purchase_count INTEGER, flags INTEGER NOT NULL, reason TEXT NOT NULL, tx_id INTEGER, UNIQUE (meter_id, at_ms))")
        db.execute("CREATE INDEX readings_by_time ON readings (at_ms)")
    else:
        db.execute(f"CREATE TABLE readings ({cols}, PRIMARY KEY (meter_id, at_ms)) WITHOUT ROWID")
    def rows():
        n = 0
        if order == "cycle":
            for s in range(SLOTS):
                for m in range(1, M + 1):
                    n += 1; yield (m, T0 + s * 1800000, n)
        else:
            for m in range(1, M + 1):
                for s in range(SLOTS):
                    n += 1; yield (m, T0 + s * 1800000, n)
    if layout == "v7":
        db.executemany("INSERT INTO readings (meter_id, at_ms, total_milli, sharp_milli, peak_milli, flat_milli, valley_milli, switch_state, flags, reason, tx_id) VALUES (?,?,?,?,?,?,?,'on',2,'',?)",
                       ((m, at, n * 7, n, n, n, n, n) for (m, at, n) in rows()))
    else:
        db.executemany("INSERT INTO readings (meter_id, at_ms, id, total_milli, sharp_milli, peak_milli, flat_milli, valley_milli, switch_state, flags, reason, tx_id) VALUES (?,?,?,?,?,?,?,?,'on',2,'',?)",
                       ((m, at, n, n * 7, n, n, n, n, n) for (m, at, n) in rows()))
    db.commit(); db.close()
def io():
    with open("/proc/self/io") as f:
        return int([l for l in f if l.startswith("read_bytes")][0].split()[1])
def probe(path):
    os.system("sync; echo 3 > /proc/sys/vm/drop_caches")
    db = sqlite3.connect(path); db.execute("PRAGMA cache_size=-2000")
    random.seed(7); per = []; times = []
    for _ in range(100):
        m = random.randint(1, M); s0 = random.randint(0, SLOTS - 1460)
        b = io(); t = time.perf_counter()
        n = len(db.execute("SELECT * FROM readings WHERE meter_id = ? AND at_ms >= ? AND at_ms < ? ORDER BY at_ms",
                           (m, T0 + s0 * 1800000, T0 + (s0 + 1460) * 1800000)).fetchall())
        times.append((time.perf_counter() - t) * 1000); per.append(io() - b)
    per.sort(); times.sort()
    return os.path.getsize(path), per[50], per[95], times[50], times[95]
for layout in ("v7", "v8"):
    for order in ("meter", "cycle"):
        p = os.path.join(FOLDER, f"readings-{layout}-{order}.db")
        t = time.time(); build(p, layout, order); bt = time.time() - t
        size, b50, b95, t50, t95 = probe(p)
        os.remove(p)
        print(f"{layout} {order:5s} built {bt:6.1f} s, {size/1e6:7.1f} MB; cold month: read {b50/1024:7.0f} / {b95/1024:7.0f} KiB (p50/p95), {t50:5.1f} / {t95:5.1f} ms", flush=True)
