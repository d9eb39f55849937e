"""How the store benchmark's queries misspell a name: one or two letters dropped, doubled or
swapped, as a hurried analyst types them. Shared by make_case.py and debian_case.py, so that
both classes are searched with the same kind of mistakes."""


def misspell(name, rng):
    """`name` lower-cased with one or two mistakes drawn from `rng` (a random.Random)."""
    chars = list(name)
    for _ in range(rng.randint(1, 2)):
        k = rng.randrange(1, len(chars) - 1)
        op = rng.choice(["drop", "double", "swap"])
        if op == "drop" and chars[k] != " ":
            del chars[k]
        elif op == "double":
            chars.insert(k, chars[k])
        elif chars[k] != " " and chars[k + 1] != " ":
            chars[k], chars[k + 1] = chars[k + 1], chars[k]
    return "".join(chars).lower()
