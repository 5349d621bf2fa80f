"""The Trainer callback that reports training as aimo's JSON events.

It lives apart from train.py because it subclasses transformers'
TrainerCallback, so importing it imports transformers; train.py imports it
only after checking that transformers is installed.
"""

from transformers import TrainerCallback


class EventLog(TrainerCallback):
    """EventLog turns the Trainer's logs into progress and eval events and
    keeps the loss curves for metrics.json. It also asks for an evaluation at
    the last step, so the best checkpoint is chosen among all of training.

    phase is "initial" while the base model is evaluated, "train" during
    training and "final" for the kept adapter's evaluation, which is reported
    in the done event instead of as an eval event.
    """

    def __init__(self, events, eval_steps):
        self.events, self.eval_steps = events, eval_steps
        self.phase = "initial"
        self.train, self.evals = [], []

    def on_step_end(self, args, state, control, **kwargs):
        if self.eval_steps and state.global_step >= state.max_steps and state.global_step % self.eval_steps:
            control.should_evaluate = True
        return control

    def on_log(self, args, state, control, logs=None, **kwargs):
        logs = logs or {}
        step = state.global_step
        if "loss" in logs:
            epoch = round(state.epoch or 0.0, 4)
            self.train.append({"step": step, "loss": logs["loss"], "epoch": epoch})
            self.events.emit("progress", step=step, total_steps=state.max_steps, epoch=epoch, loss=logs["loss"])
        if "eval_loss" in logs and self.phase != "final":
            if self.phase == "train":
                self.evals.append({"step": step, "loss": logs["eval_loss"]})
            self.events.emit("eval", step=step, eval_loss=logs["eval_loss"])
