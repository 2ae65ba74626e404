from django import forms

from accounts.models import User


class UserInviteForm(forms.ModelForm):
    """Creates an account without a password: the person sets it through the invitation."""

    class Meta:
        model = User
        fields = ["email", "first_name", "last_name", "preferred_language"]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                User._meta.get_field("email").error_messages["unique"]
                % {
                    "model_name": User._meta.verbose_name,
                    "field_label": User._meta.get_field("email").verbose_name,
                }
            )
        return email

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=False)
        user.set_unusable_password()
        if commit:
            user.save()
        return user
