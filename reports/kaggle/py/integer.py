# Integer answers: a port of aimo's exact evaluator (answer.Integer and
# answer.Range.Parse). "1,000" is 1000, "\frac{10}{5}" is 2, "2^{10}" is
# 1024; "\frac32" and "1.5" are not integers. Every number built fits in
# MAX_BITS and every evaluation spends from a work budget, with the same
# limits and costs as internal/answer/limits.go: what Go cannot decide, this
# cannot either.

MAX_BITS = 1 << 15  # numerator and denominator of every exact number
MAX_PARSE_DEPTH = 64  # recursion of the parser
MAX_EXPR_DEPTH = 100  # depth of an expression tree
MAX_BINOM_K = 1000  # min(k, n-k) of an exact binomial
MAX_ROOT_INDEX = 64  # q of an exact root x^(p/q)
EXACT_BUDGET = 20000  # work units of one exact evaluation
MAX_FACTORIAL_ARG = 3210  # the largest n with n! within MAX_BITS
MAX_DOUBLE_FACTORIAL_ARG = 5910  # the largest n with n!! within MAX_BITS
MAX_EXACT_FLOAT = float(1 << 53)  # floats hold every integer up to here


class _Work:
    """Work left to one evaluation (Go: work): a node costs 1, an operation on
    exact numbers 1 + W*W//128 for W 64-bit words. Once spent, every step fails."""
    __slots__ = ("left",)

    def __init__(self, units):
        self.left = units

    def spend(self, n):
        self.left -= n
        return self.left >= 0


def _big_cost(bits):
    words = (bits + 63) // 64
    return 1 + words * words // 128


def _rat_bits(r):
    return r.numerator.bit_length() + r.denominator.bit_length()


def _fits(r):
    return r.numerator.bit_length() <= MAX_BITS and r.denominator.bit_length() <= MAX_BITS

_CONSTANTS = {b"\\pi": math.pi, b"\\infty": math.inf, b"\\infin": math.inf}
_FUNCTIONS = {
    b"\\sin": "sin", b"\\cos": "cos", b"\\tan": "tan", b"\\sec": "sec", b"\\csc": "csc", b"\\cot": "cot",
    b"\\ln": "ln", b"\\log": "log", b"\\exp": "exp", b"\\arcsin": "asin", b"\\arccos": "acos", b"\\arctan": "atan",
    b"\\sinh": "sinh", b"\\cosh": "cosh", b"\\tanh": "tanh",
}
_PLAIN_FUNCS = [b"sqrt", b"sin", b"cos", b"tan", b"sec", b"csc", b"cot", b"ln", b"log", b"exp", b"arcsin", b"arccos", b"arctan"]
_PLAIN_NAMES = {b"arcsin": "asin", b"arccos": "acos", b"arctan": "atan"}
_INT64 = (-(1 << 63), (1 << 63) - 1)


class _Syntax(Exception):
    pass


class _Node:
    __slots__ = ("op", "num", "lit", "name", "kids")

    def __init__(self, op, num=0.0, lit=b"", name="", kids=()):
        self.op, self.num, self.lit, self.name, self.kids = op, num, lit, name, list(kids)


def _lex(s):
    toks, i = [], 0
    while i < len(s):
        c = s[i]
        if c == 32:
            i += 1
        elif _is_digit(c) or c == 46 and i + 1 < len(s) and _is_digit(s[i + 1]):
            j = i
            while j < len(s) and (_is_digit(s[j]) or s[j] == 46):
                j += 1
            toks.append(("n", s[i:j]))
            i = j
        elif c == 92:
            j = i + 1
            while j < len(s) and _is_letter(s[j]):
                j += 1
            if j == i + 1 and j < len(s):
                j += 1
            toks.append(("c", s[i:j]))
            i = j
        elif _is_letter(c):
            w = _plain_func(s[i:])
            if w:
                toks.append(("w", w))
                i += len(w)
                continue
            if i + 2 < len(s) and _is_letter(s[i + 1]) and _is_letter(s[i + 2]):
                return None
            toks.append(("v", s[i:i + 1]))
            i += 1
        elif c in b"+-*/^_()[]{}|!,=<>:;'":
            toks.append(("s", s[i:i + 1]))
            i += 1
        else:
            return None
    return toks


def _plain_func(s):
    for f in _PLAIN_FUNCS:
        if s.startswith(f) and (len(s) == len(f) or not _is_letter(s[len(f)])):
            return f
    return b""


class _Parser:
    def __init__(self, toks):
        self.toks, self.pos, self.abs_open, self.depth = toks, 0, 0, 0

    def enter(self):
        """Counts one level of recursion (signs, exponents, primaries); the
        parse fails past MAX_PARSE_DEPTH. A failed parse is abandoned, so only
        the successful paths give the level back."""
        self.depth += 1
        if self.depth > MAX_PARSE_DEPTH:
            raise _Syntax()

    def peek(self):
        return self.toks[self.pos] if self.pos < len(self.toks) else ("", b"")

    def is_(self, kind, text):
        return self.peek() == (kind, text)

    def sum(self):
        left = self.product()
        while self.is_("s", b"+") or self.is_("s", b"-"):
            neg = self.peek()[1] == b"-"
            self.pos += 1
            right = self.product()
            if neg:
                right = _Node("-", kids=[right])
            left = _Node("+", kids=[left, right])
        return left

    def product(self):
        left = self.unary()
        while True:
            t = self.peek()
            explicit = t in (("s", b"*"), ("s", b"/"), ("c", b"\\cdot"), ("c", b"\\times"), ("c", b"\\div"))
            if t in (("s", b"*"), ("c", b"\\cdot"), ("c", b"\\times")):
                op = "*"
                self.pos += 1
            elif t in (("s", b"/"), ("c", b"\\div")):
                op = "/"
                self.pos += 1
            elif left.op == "n" and left.lit and self.is_("c", b"\\frac") and self.mixed_fraction():
                op = "+"
            elif self.starts_primary():
                op = "*"
            else:
                return left
            right = self.unary() if explicit else self.power()
            left = _Node(op, kids=[left, right])

    def mixed_fraction(self):
        t = self.toks[self.pos:]
        return (len(t) >= 7 and t[1][1] == b"{" and t[2][0] == "n" and t[3][1] == b"}"
                and t[4][1] == b"{" and t[5][0] == "n" and t[6][1] == b"}")

    def starts_primary(self):
        kind, text = self.peek()
        if kind in ("n", "v", "w"):
            return True
        if kind == "s":
            return text in (b"(", b"{", b"[") or text == b"|" and self.abs_open == 0
        if kind == "c":
            return (text in _CONSTANTS or text in _FUNCTIONS or
                    text in (b"\\frac", b"\\sqrt", b"\\lfloor", b"\\lceil", b"\\binom", b"\\text"))
        return False

    def unary(self):
        self.enter()
        n = self._unary()
        self.depth -= 1
        return n

    def _unary(self):
        if self.is_("s", b"-"):
            self.pos += 1
            return _Node("-", kids=[self.unary()])
        if self.is_("s", b"+"):
            self.pos += 1
            return self.unary()
        return self.power()

    def power(self):
        base = self.postfix()
        if not self.is_("s", b"^"):
            return base
        self.pos += 1
        return self.factorials(_Node("^", kids=[base, self.exponent()]))

    def exponent(self):
        self.enter()
        n = self._exponent()
        self.depth -= 1
        return n

    def _exponent(self):
        if self.is_("s", b"-"):
            self.pos += 1
            return _Node("-", kids=[self.exponent()])
        if self.peek()[0] == "n":
            return self.number()
        return self.postfix()

    def postfix(self):
        n = self.primary()
        if n.op == "v":
            n.name += self.subscript()
        return self.factorials(n)

    def factorials(self, n):
        while self.is_("s", b"!"):
            self.pos += 1
            if self.is_("s", b"!"):
                self.pos += 1
                n = _Node("d", kids=[n])
                continue
            n = _Node("!", kids=[n])
        return n

    def subscript(self):
        name = ""
        while True:
            if self.is_("s", b"'"):
                self.pos += 1
                name += "'"
            elif self.is_("s", b"_"):
                self.pos += 1
                name += "_" + self.raw_group()
            else:
                return name

    def raw_group(self):
        if not self.is_("s", b"{"):
            t = self.peek()
            self.pos += 1
            return t[1].decode("utf-8", "surrogateescape")
        depth, s = 0, ""
        while self.pos < len(self.toks):
            t = self.toks[self.pos]
            self.pos += 1
            if t == ("s", b"{"):
                depth += 1
                if depth == 1:
                    continue
            if t == ("s", b"}"):
                depth -= 1
                if depth == 0:
                    return s
            s += t[1].decode("utf-8", "surrogateescape")
        return s

    def number(self):
        t = self.peek()
        try:
            v = float(t[1])
        except ValueError:
            raise _Syntax()
        self.pos += 1
        return _Node("n", num=v, lit=t[1])

    def primary(self):
        self.enter()
        n = self._primary()
        self.depth -= 1
        return n

    def _primary(self):
        kind, text = self.peek()
        if kind == "n":
            return self.number()
        if kind == "v":
            self.pos += 1
            return _Node("v", name=text.decode())
        if kind == "w":
            self.pos += 1
            return self.call(_PLAIN_NAMES.get(text, text.decode()))
        if kind == "s":
            return self.group(text)
        if kind == "c":
            return self.command(text)
        raise _Syntax()

    def group(self, open_):
        close = {b"(": b")", b"[": b"]", b"{": b"}", b"|": b"|"}.get(open_)
        if close is None:
            raise _Syntax()
        self.pos += 1
        if open_ == b"|":
            self.abs_open += 1
        try:
            inner = self.sum()
        finally:
            if open_ == b"|":
                self.abs_open -= 1
        if not self.is_("s", close):
            raise _Syntax()
        self.pos += 1
        if open_ == b"|":
            return _Node("f", name="abs", kids=[inner])
        return inner

    def command(self, name):
        self.pos += 1
        if name in _CONSTANTS:
            return _Node("n", num=_CONSTANTS[name])
        if name in _FUNCTIONS:
            return self.call(_FUNCTIONS[name])
        if name == b"\\frac":
            a, b = self.braced(), self.braced()
            return _Node("/", kids=[a, b])
        if name == b"\\binom":
            a, b = self.braced(), self.braced()
            return _Node("f", name="binom", kids=[a, b])
        if name == b"\\sqrt":
            return self.sqrt()
        if name in (b"\\lfloor", b"\\lceil"):
            return self.bracket_func(name)
        if name == b"\\text":
            self.raw_group()
            return _Node("n", num=1.0, lit=b"1")
        raise _Syntax()

    def call(self, f):
        power = base = None
        if self.is_("s", b"_"):
            self.pos += 1
            base = self.postfix()
        if self.is_("s", b"^"):
            self.pos += 1
            power = self.exponent()
        arg = self.power()
        n = _Node("f", name=f, kids=[arg])
        if base is not None:
            n = _Node("/", kids=[_Node("f", name="ln", kids=[arg]), _Node("f", name="ln", kids=[base])])
        if power is not None:
            n = _Node("^", kids=[n, power])
        return n

    def braced(self):
        if not self.is_("s", b"{"):
            return self.power()
        return self.group(b"{")

    def sqrt(self):
        index = _Node("n", num=2.0, lit=b"2")
        if self.is_("s", b"["):
            self.pos += 1
            index = self.sum()
            if not self.is_("s", b"]"):
                raise _Syntax()
            self.pos += 1
        arg = self.braced()
        inv = _Node("/", kids=[_Node("n", num=1.0, lit=b"1"), index])
        return _Node("^", kids=[arg, inv])

    def bracket_func(self, open_):
        inner = self.sum()
        closer, f = (b"\\rceil", "ceil") if open_ == b"\\lceil" else (b"\\rfloor", "floor")
        if not self.is_("c", closer):
            raise _Syntax()
        self.pos += 1
        return _Node("f", name=f, kids=[inner])


def _parse_expr(s):
    toks = _lex(s)
    if not toks:
        return None
    p = _Parser(toks)
    try:
        n = p.sum()
    except (_Syntax, RecursionError):
        return None
    return n if p.pos == len(p.toks) and _depth(n) <= MAX_EXPR_DEPTH else None


def _depth(n):
    """The number of nodes on the longest path from n to a leaf."""
    best, stack = 0, [(n, 1)]
    while stack:
        m, d = stack.pop()
        best = max(best, d)
        stack.extend((k, d + 1) for k in m.kids)
    return best


def _rat(lit):
    try:
        return Fraction(lit.decode())
    except (ValueError, ZeroDivisionError):
        return None


def _exact(n, w):
    """n over the rationals within w (Go: node.exact), or None."""
    if not w.spend(1):
        return None
    op = n.op
    if op == "n":
        r = _rat(n.lit) if n.lit else None
        return r if r is not None and _fits(r) else None
    if op == "-":
        a = _exact(n.kids[0], w)
        return None if a is None else -a
    if op in "!d":
        return _exact_factorial(n, w)
    if op == "f":
        return _exact_func(n, w)
    if op == "v":
        return None
    a = _exact(n.kids[0], w)
    if op == "^":
        return None if a is None else _exact_power(n, a, w)
    b = _exact(n.kids[1], w)
    if a is None or b is None or not w.spend(_big_cost(_rat_bits(a) + _rat_bits(b))):
        return None
    if op == "+":
        r = a + b
    elif op == "*":
        r = a * b
    elif op == "/":
        if b == 0:
            return None
        r = a / b
    else:
        return None
    return r if _fits(r) else None


def _exact_power(n, a, w):
    e = _exact(n.kids[1], w)
    if e is None:
        return None
    if e.denominator != 1:
        if e.denominator > MAX_ROOT_INDEX:
            return None
        a = _exact_root(a, e.denominator, w)
        if a is None:
            return None
    return _pow_int(a, e.numerator, w)


def _pow_int(a, k, w):
    """a**k, refused before computing when it would pass MAX_BITS."""
    num, den = a.numerator, a.denominator
    if num == 0:
        if k < 0:
            return None
        return Fraction(1) if k == 0 else Fraction(0)
    if den == 1 and num in (1, -1):
        return Fraction(-1) if num == -1 and k & 1 else Fraction(1)
    kk = abs(k)
    bits = max(num.bit_length(), den.bit_length())
    if kk > MAX_BITS or kk * (bits - 1) + 1 > MAX_BITS:
        return None
    if not w.spend(_big_cost(kk * bits)):
        return None
    p, q = num ** kk, den ** kk
    if k < 0:
        p, q = q, p
    r = Fraction(p, q)
    return r if _fits(r) else None


def _exact_root(a, q, w):
    if a < 0 or not w.spend(4 * _big_cost(_rat_bits(a))):
        return None
    p, d = _int_root(a.numerator, q), _int_root(a.denominator, q)
    if p is None or d is None:
        return None
    return Fraction(p, d)


def _int_root(x, q):
    """The q-th root of x >= 0 when x is a perfect q-th power, else None."""
    if x < 2:
        return x
    if q == 2:
        r = math.isqrt(x)
    else:
        r = 1 << ((x.bit_length() + q - 1) // q)
        while True:
            t = ((q - 1) * r + x // r ** (q - 1)) // q
            if t >= r:
                break
            r = t
    return r if r ** q == x else None


def _go_pow(x, y):
    try:
        return math.pow(x, y)
    except ValueError:
        return math.inf if x == 0 and y < 0 else math.nan
    except OverflowError:
        return math.inf


def _go_round(x):
    """Go's math.Round: half away from zero."""
    if math.isnan(x) or math.isinf(x):
        return x
    t = float(math.trunc(x))
    if abs(x - t) >= 0.5:
        t += math.copysign(1.0, x)
    return t


def _whole(y):
    return math.isinf(y) or not math.isnan(y) and y == math.floor(y)


def _exact_factorial(n, w):
    a = _exact(n.kids[0], w)
    limit = MAX_DOUBLE_FACTORIAL_ARG if n.op == "d" else MAX_FACTORIAL_ARG
    if a is None or a.denominator != 1 or a < 0 or a.numerator > limit:
        return None
    k = a.numerator
    if not w.spend(_big_cost(k * k.bit_length())):
        return None
    if n.op == "!":
        return Fraction(math.factorial(k))
    r = 1
    while k > 1:
        r *= k
        k -= 2
    return Fraction(r)


def _exact_func(n, w):
    """floor, ceil, abs and binomials exactly; a floating-point value is
    rounded only where floats still hold every integer."""
    if n.name in ("floor", "ceil", "abs"):
        a = _exact(n.kids[0], w)
        if a is not None:
            return _exact_round(n.name, a, w)
    elif n.name == "binom":
        a = _exact(n.kids[0], w)
        b = _exact(n.kids[1], w)
        if a is not None and b is not None and a.denominator == 1 and b.denominator == 1:
            return _exact_binom(a.numerator, b.numerator, w)
    else:
        return None
    v = _eval(n, w)
    if v is None or v.imag != 0 or math.isnan(v.real) or abs(v.real) > MAX_EXACT_FLOAT:
        return None
    return Fraction(_go_round(v.real))


def _exact_round(name, a, w):
    if not w.spend(_big_cost(_rat_bits(a))):
        return None
    if name == "abs":
        return abs(a)
    if name == "floor":
        return Fraction(a.numerator // a.denominator)
    return Fraction(-(-a.numerator // a.denominator))


def _exact_binom(n, k, w):
    """C(n, k) when it fits in MAX_BITS; C(n, k) >= (n/k')^k' for
    k' = min(k, n-k) refuses most large values before any work."""
    if k < 0 or k > n:
        return Fraction(0)
    kk = min(k, n - k)
    if kk == 0:
        return Fraction(1)
    if kk > MAX_BINOM_K:
        return None
    if kk * ((n // kk).bit_length() - 1) >= MAX_BITS or not w.spend(_big_cost(kk * n.bit_length())):
        return None
    r = Fraction(math.comb(n, kk))
    return r if _fits(r) else None


def _power(a, b):
    if a.imag == 0 and b.imag == 0:
        x, y = a.real, b.real
        if x >= 0 or _whole(y):
            return complex(_go_pow(x, y), 0)
        inv = 1 / y
        if not math.isinf(inv) and _whole(inv) and inv > 0 and int(inv) % 2 == 1:
            return complex(-_go_pow(-x, y), 0)
    if a == 0:
        return 0j
    try:
        return a ** b
    except (OverflowError, ZeroDivisionError):
        return complex(math.nan, math.nan)


def _factorial(a, double):
    x = a.real
    if a.imag != 0 or x < 0 or x != math.trunc(x) or x > 200:
        return complex(math.nan, math.nan)
    r, step, k = 1.0, 2.0 if double else 1.0, x
    while k > 1:
        r *= k
        k -= step
    return complex(r, 0)


def _binom(n, k):
    if k < 0 or k > n or k != math.trunc(k):
        return 0j
    if n == math.trunc(n) and n - k < k:
        k = n - k
    if k > MAX_BINOM_K:
        return complex(math.nan, math.nan)
    r, i = 1.0, 1.0
    while i <= k:
        r = r * (n - k + i) / i
        i += 1
    return complex(_go_round(r), 0)


def _cdiv(a, b):
    try:
        return a / b
    except ZeroDivisionError:
        return complex(math.nan, math.nan)


_CFUNCS = {
    "sin": cmath.sin, "cos": cmath.cos, "tan": cmath.tan,
    "sec": lambda z: _cdiv(1, cmath.cos(z)), "csc": lambda z: _cdiv(1, cmath.sin(z)),
    "cot": lambda z: _cdiv(1, cmath.tan(z)),
    "ln": cmath.log, "log": cmath.log, "exp": cmath.exp,
    "asin": cmath.asin, "acos": cmath.acos, "atan": cmath.atan,
    "sinh": cmath.sinh, "cosh": cmath.cosh, "tanh": cmath.tanh,
    "sqrt": lambda z: _power(z, 0.5 + 0j),
}


def _eval(n, w):
    """Complex evaluation with no variables bound but i, within w (Go:
    node.eval(nil, w)); None for an unbound variable or when w runs out."""
    try:
        return _eval_node(n, w)
    except (ValueError, OverflowError, ZeroDivisionError):
        return complex(math.nan, math.nan)


def _eval_node(n, w):
    if not w.spend(1):
        return None
    op = n.op
    if op == "n":
        return complex(n.num, 0)
    if op == "v":
        return 1j if n.name == "i" else None
    if op == "-":
        a = _eval_node(n.kids[0], w)
        return None if a is None else -a
    if op in "!d":
        a = _eval_node(n.kids[0], w)
        return None if a is None else _factorial(a, op == "d")
    if op == "f":
        a = _eval_node(n.kids[0], w)
        if a is None:
            return None
        if n.name == "binom":
            b = _eval_node(n.kids[1], w)
            return None if b is None else _binom(a.real, b.real)
        if n.name == "floor":
            return complex(math.floor(a.real + 1e-9), 0)
        if n.name == "ceil":
            return complex(math.ceil(a.real - 1e-9), 0)
        if n.name == "abs":
            return complex(abs(a), 0)
        f = _CFUNCS.get(n.name)
        return None if f is None else f(a)
    a, b = _eval_node(n.kids[0], w), _eval_node(n.kids[1], w)
    if a is None or b is None:
        return None
    if op == "+":
        return a + b
    if op == "*":
        return a * b
    if op == "/":
        return _cdiv(a, b)
    if op == "^":
        return _power(a, b)
    return None


def exact_value(s):
    """s as an exact Fraction, or None (Go: exactValue)."""
    b = s.encode("utf-8", "surrogateescape") if isinstance(s, str) else s
    b = _trim(b)
    if len(b) > MAX_INPUT_BYTES:
        return None
    if _is_plain_number(b):
        try:
            v = int(b)
            if _INT64[0] <= v <= _INT64[1]:
                return Fraction(v)
        except ValueError:
            pass
    b = clean(b)
    if not b:
        return None
    if _is_plain_number(b):
        r = _rat(b)
        return r if r is not None and _fits(r) else None
    n = _parse_expr(b)
    if n is None:
        return None
    try:
        return _exact(n, _Work(EXACT_BUDGET))
    except (RecursionError, ValueError, OverflowError, ZeroDivisionError):
        return None


def parse_integer(s, lo=0, hi=99999, modulus=0):
    """The answer s as an integer in [lo, hi] after the modulus, or None
    (Go: answer.Range.Parse)."""
    if s is None:
        return None
    v = exact_value(s)
    if v is None or v.denominator != 1:
        return None
    n = v.numerator
    if modulus > 0:
        n %= modulus
    if not _INT64[0] <= n <= _INT64[1]:
        return None
    return n if lo <= n <= hi else None
