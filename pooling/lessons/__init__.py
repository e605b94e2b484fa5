"""What a lesson computes and says, with no Streamlit and no plotly: animation frames, pictures,
experiments and their takeaways, feature maps, samples, sentences, code snippets, citations and
the settings a link carries. Built on the core (`pooling`); drawn by `pooling.charts`."""
