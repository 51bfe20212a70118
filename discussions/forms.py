from django import forms

from discussions.models import Comment, Post


class PostForm(forms.ModelForm):
    """A post's title and body, as the model validates them (lengths, not blank,
    no NUL). The services save it."""

    class Meta:
        model = Post
        fields = ["title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 5})}


class CommentForm(forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["body"]
        labels = {"body": "Your comment"}
        widgets = {"body": forms.Textarea(attrs={"rows": 3})}
