# Cells are separated by `# %%` lines, as a model's tool calls would be; the
# state carries from one to the next, as in aimo's per-attempt sessions.
import math
x = math.comb(10, 3)
# %%
print(x)
# %%
print(x / 0)
# %%
print(x + 1)
