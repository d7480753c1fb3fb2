"""The task of the pool benchmark (mirror of bench/futures_tasks.ts)."""


def square(x):
    return x * x
