import streamlit as st

st.title("nnadd")
st.write("The page arrives with the next issue; `python -m nnadd` works today.")
