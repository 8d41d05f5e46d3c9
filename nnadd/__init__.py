"""nnadd: one neuron learns to add two numbers, in pure Python.

The core (every module of nnadd/ outside nnadd/ui/) imports only the standard
library, and importing it loads no page library. The page, nnadd/ui/, is where
streamlit, plotly, pandas and SQLAlchemy are imported; tests/test_layers.py checks both.
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
