"""nnadd: one neuron learns to add two numbers, in pure Python.

The core (perceptron, data, training, evaluate, cli) imports only the standard
library. figures.py is the only module that imports plotly; nothing imports streamlit.
"""

from nnadd.data import DataSet, Example, article_data
from nnadd.evaluate import Evaluation, Prediction, evaluate, is_right
from nnadd.perceptron import ACTIVATIONS, Perceptron, Update, sigmoid
from nnadd.training import History, HistoryPoint, SettingsError, Trainer

__all__ = [
    "ACTIVATIONS",
    "DataSet",
    "Evaluation",
    "Example",
    "History",
    "HistoryPoint",
    "Perceptron",
    "Prediction",
    "SettingsError",
    "Trainer",
    "Update",
    "article_data",
    "evaluate",
    "is_right",
    "sigmoid",
]
