"""Practice questions a usual slip answers wrongly, for the tests of the slip diagnosis."""

from pooling import output_size
from pooling.lessons import practice


def stride_left_out(seeds):
    """(seed, number, question, wrong answer) for each level-1 output-length question with a stride
    over 1 whose answer changes when the stride is left out; ``number`` counts from 1 on its page."""
    for seed in seeds:
        for number, question in enumerate(practice.questions(seed, 1), 1):
            if question.kind != "output_length" or question.check_as[2]["stride"] == 1:
                continue
            wrong = output_size(question.check_as[1], **{**question.check_as[2], "stride": 1})
            if wrong != question.answer[0]:
                yield seed, number, question, wrong
