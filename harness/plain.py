"""A deliberately plain second implementation of the article's training loop.

Transcribed from the article's Rust line by line, with no attempt at speed, so that
the trainer in nnadd can be checked against something written differently. The
benchmark also times it as the baseline.
"""

import math
import random


def sigmoid(x):
    return 1.0 / (1.0 + math.exp(-x))


def derivative(x):
    return x * (1.0 - x)


class ArticleNetwork:
    def __init__(self, seed, learning_rate=0.1, activation="sigmoid"):
        rng = random.Random(seed)
        self.weights = [rng.random(), rng.random()]
        self.bias = rng.random()
        self.learning_rate = learning_rate
        self.activation = activation

    def predict(self, input):
        sum = self.bias
        for i, weight in enumerate(self.weights):
            sum += input[i] * weight
        if self.activation == "linear":
            return sum
        return sigmoid(sum)

    def train(self, inputs, outputs, epochs):
        for _ in range(epochs):
            for i, input in enumerate(inputs):
                output = self.predict(input)
                error = outputs[i] - output
                if self.activation == "linear":
                    delta = 1.0
                else:
                    delta = derivative(output)
                for j in range(len(self.weights)):
                    self.weights[j] += self.learning_rate * error * input[j] * delta
                self.bias += self.learning_rate * error * delta
