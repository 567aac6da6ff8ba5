"""W8's Python consumer: pyodbc fetchmany over the wide scan, touching every value, runs + 1 times (the first warms up).
Prints "run <seconds>" per timed run, then "totals <rows> <sum of ids> 0 <sum of price cents> <text chars> <true flags> <sum of amounts>".
Usage: pyodbc_scan.py <connection string> <query> <runs>"""
import sys
import time

import pyodbc

connection_string, query, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
connection = pyodbc.connect(connection_string, autocommit=True)


def scan():
    cursor = connection.cursor()
    cursor.execute(query)
    rows = ids = cents = text = flags = 0
    amounts = 0.0
    while True:
        batch = cursor.fetchmany(10000)
        if not batch:
            break
        for id_, amount, name, created, price, flag in batch:
            ids += id_
            amounts += amount
            text += len(name)
            cents += int(price * 100)
            flags += flag
            _ = created.second
        rows += len(batch)
    cursor.close()
    return rows, ids, cents, text, flags, amounts


totals = scan()
for _ in range(runs):
    start = time.perf_counter()
    totals = scan()
    print(f"run {time.perf_counter() - start:.9f}", flush=True)
rows, ids, cents, text, flags, amounts = totals
print(f"totals {rows} {ids} 0 {cents} {text} {flags} {amounts!r}")
